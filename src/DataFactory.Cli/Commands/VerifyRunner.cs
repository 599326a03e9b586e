using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataFactory.Core.Verification;

namespace DataFactory.Cli.Commands;

/// <summary>
/// Streams JSON Lines through the verifiers: one line in, one verdict line out, in input order, in
/// constant memory. A line that is not a valid input gets an <c>invalid</c> verdict line naming its
/// line number; the stream never stops early. Blank lines are skipped.
/// </summary>
internal sealed class VerifyRunner(VerifierRegistry registry)
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Output goes to files and terminals, not HTML: keep non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<VerifyCounts> RunAsync(Stream input, Stream output, VerifyProgress? progress, bool flushEachLine, CancellationToken cancellationToken)
    {
        var counts = new VerifyCounts();
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        await using var writer = new Utf8JsonWriter(output, WriterOptions);
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (VerifyLine.TryParse(line, lineNumber, out var problem, out var candidate, out var error))
            {
                var verdict = registry.Verify(problem, candidate);
                Write(writer, verdict.IsCorrect, StatusName(verdict.Status), verdict.Extracted, verdict.Reason);
                counts.Add(verdict.Status);
            }
            else
            {
                Write(writer, correct: false, "invalid", extracted: null, $"line {lineNumber}: {error}");
                counts.AddInvalid();
            }

            // Utf8JsonWriter writes one root value; a newline and a reset start the next line.
            writer.Flush();
            output.WriteByte((byte)'\n');
            writer.Reset();
            if (flushEachLine)
            {
                await output.FlushAsync(cancellationToken);
            }

            progress?.Report(counts.Lines);
        }

        await output.FlushAsync(cancellationToken);
        progress?.Complete();
        return counts;
    }

    private static void Write(Utf8JsonWriter writer, bool correct, string status, string? extracted, string reason)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("correct", correct);
        writer.WriteString("status", status);
        writer.WriteString("extracted", extracted);
        writer.WriteString("reason", reason);
        writer.WriteEndObject();
    }

    private static string StatusName(VerdictStatus status) => status switch
    {
        VerdictStatus.Correct => "correct",
        VerdictStatus.Incorrect => "incorrect",
        VerdictStatus.Unparseable => "unparseable",
        _ => "unsupported",
    };
}
