using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using DataFactory.Core.Consensus;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification;

namespace DataFactory.Core.Formats;

/// <summary>
/// The state of reading one file: the format once known, the ids seen, the problems kept and the
/// errors found. Once a line is invalid and invalid lines are not skipped, problems are no longer
/// kept (the file will be rejected) but every line is still checked so that all errors are reported.
/// </summary>
internal sealed class ImportSession
{
    private const int MaxJsonMessageLength = 200;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        // {"id": "a", "id": "b"} is ambiguous: reject it rather than pick one.
        AllowDuplicateProperties = false,
        MaxDepth = 64,
    };

    // A problem its verifier cannot judge (an unreadable gold answer) is rejected here, not sampled for nothing.
    private static readonly VerifierRegistry Verifiers = VerifierRegistry.CreateDefault();

    // JSON's white space; a line of only these is blank.
    private static readonly SearchValues<byte> JsonWhiteSpace = SearchValues.Create(" \t\r\n"u8);

    private readonly ImportOptions _options;
    private readonly string _unit;
    private string _file;
    private readonly List<Problem> _problems = [];
    private readonly List<ImportError> _errors = [];
    private readonly Dictionary<string, (string File, int Line)> _idLines = new(StringComparer.Ordinal);
    private ProblemFormat _format;
    private IProblemLineParser? _parser;
    private int _errorCount;
    private int _problemLines;

    /// <param name="file">The file errors name, until <see cref="BeginFile"/> names another.</param>
    /// <param name="options">How to read.</param>
    /// <param name="unit">What a numbered record is called in messages: <c>line</c> (JSON Lines) or <c>row</c> (Parquet).</param>
    public ImportSession(string file, ImportOptions options, string unit = "line")
    {
        _file = file;
        _unit = unit;
        _options = options;
        _format = options.Format;
        if (_format != ProblemFormat.Auto)
        {
            _parser = FormatDetector.ParserFor(_format);
        }
    }

    /// <summary>
    /// The source column of each field the parser reads, where a column mapping renamed it, so that an
    /// error names the column the user knows (<c>--prompt-column text</c>: an error in <c>problem</c> names <c>text</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string>? FieldSources { get; init; }

    /// <summary>Errors from now on name <paramref name="file"/> (the next shard of a folder).</summary>
    public void BeginFile(string file) => _file = file;

    /// <summary>
    /// Accepts one record already in JSON form (a Parquet row): <paramref name="row"/> is its 1-based
    /// number in the current file, for errors; <paramref name="ordinal"/> its 1-based number over every
    /// file read, from which ids are derived so that they stay unique across shards.
    /// </summary>
    public void AcceptRecord(int row, int ordinal, JsonElement root)
    {
        _problemLines++;
        Accept(row, ordinal, root);
    }

    public void Accept(RawLine line)
    {
        if (line.TooLong)
        {
            _problemLines++;
            Fail(line.Number, null, string.Create(
                CultureInfo.InvariantCulture,
                $"the line is longer than the limit of {_options.MaxLineBytes} bytes ({line.Length} bytes)"));
            return;
        }

        var bytes = line.Bytes.Span;
        if (bytes.IndexOfAnyExcept(JsonWhiteSpace) < 0)
        {
            return;
        }

        _problemLines++;
        if (!Utf8.IsValid(bytes))
        {
            Fail(line.Number, null, $"invalid UTF-8 at byte {FirstInvalidByte(bytes) + 1}");
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.Bytes, DocumentOptions);
        }
        catch (JsonException exception)
        {
            Fail(line.Number, null, $"malformed JSON: {Describe(exception)}");
            return;
        }

        using (document)
        {
            Accept(line.Number, line.Number, document.RootElement);
        }
    }

    public ImportResult Finish(int linesRead)
    {
        if (_problemLines == 0)
        {
            throw new ProblemImportException(_file, [new ImportError(_file, 0, null, $"the file has no problem {_unit}s")], 1);
        }

        if (_errorCount > 0 && !_options.SkipInvalid)
        {
            throw new ProblemImportException(_file, _errors, _errorCount);
        }

        if (_problems.Count == 0)
        {
            var none = new ImportError(_file, 0, null, $"no valid problem {_unit}s; {_errorCount} invalid {_unit}s skipped");
            List<ImportError> errors = [none, .. _errors.Take(ProblemImportException.MaxErrors - 1)];
            throw new ProblemImportException(_file, errors, _errorCount + 1);
        }

        return new ImportResult
        {
            Problems = _problems,
            Skipped = _errors,
            DetectedFormat = _format,
            LinesRead = linesRead,
        };
    }

    private void Accept(int number, int idNumber, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Fail(number, null, $"the line is {LineFields.Describe(root)}, not a JSON object");
            return;
        }

        if (_parser is null)
        {
            if (!FormatDetector.TryDetect(root, out _format))
            {
                Fail(number, null, $"cannot detect the format from the fields; {FormatDetector.Expected}; or name the format");
                return;
            }

            _parser = FormatDetector.ParserFor(_format);
        }

        ParsedLine parsed;
        try
        {
            parsed = _parser.Parse(root, idNumber);
        }
        catch (InvalidFieldException exception)
        {
            Fail(number, exception.Field, exception.Message);
            return;
        }

        if (ConsensusVote.Applies(parsed.Problem))
        {
            if (!_options.Consensus)
            {
                Fail(number, GoldField(root), $"is required for kind {parsed.Problem.Kind.ToName()}; a set without gold answers is imported with --consensus (pseudo-labels by majority vote)");
                return;
            }
        }
        else if (Verifiers.CheckProblem(parsed.Problem) is { } unverifiable)
        {
            Fail(number, GoldField(root), unverifiable);
            return;
        }

        var id = parsed.Problem.Id;
        if (_idLines.TryGetValue(id, out var first))
        {
            var where = first.File == _file ? $"{_unit} {first.Line}" : $"{first.File}:{first.Line}";
            Fail(number, parsed.IdField, $"duplicate id {LineFields.Quote(id)}: first used on {where}");
            return;
        }

        _idLines.Add(id, (_file, number));
        if (_errorCount == 0 || _options.SkipInvalid)
        {
            _problems.Add(parsed.Problem);
        }
    }

    /// <summary>The field the gold answer came from: <c>answer</c>, else MATH's <c>solution</c> or the cipher's <c>plaintext</c>.</summary>
    private static string GoldField(JsonElement root)
    {
        foreach (var field in (ReadOnlySpan<string>)["answer", "plaintext", "solution"])
        {
            if (root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return field;
            }
        }

        return "answer";
    }

    private void Fail(int line, string? field, string message)
    {
        _errorCount++;
        if (field is not null && FieldSources is not null && FieldSources.TryGetValue(field, out var source))
        {
            field = source;
        }

        if (!_options.SkipInvalid)
        {
            // The file will be rejected: keep nothing of it.
            _problems.Clear();
            if (_errors.Count >= ProblemImportException.MaxErrors)
            {
                return;
            }
        }

        _errors.Add(new ImportError(_file, line, field, message));
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    private static string Describe(JsonException exception)
    {
        // The reader's message ends with "LineNumber: 0 | BytePositionInLine: n."; the line number is
        // ours, so keep the message and give the position as a 1-based byte.
        var message = exception.Message;
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (position >= 0)
        {
            message = message[..position];
        }

        // An invalid literal is quoted to the end of the line, which may be megabytes long.
        if (message.Length > MaxJsonMessageLength)
        {
            message = message[..MaxJsonMessageLength] + "...";
        }

        return exception.BytePositionInLine is { } column
            ? string.Create(CultureInfo.InvariantCulture, $"{message} (at byte {column + 1})")
            : message;
    }
}
