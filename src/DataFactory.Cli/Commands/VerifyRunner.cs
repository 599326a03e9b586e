using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataFactory.Core.Steps;
using DataFactory.Core.Verification;

namespace DataFactory.Cli.Commands;

/// <summary>
/// Streams JSON Lines through the verifiers: one line in, one verdict line out, in input order, in
/// memory bounded by one batch. A batch of lines is verified in parallel (verifiers are pure) and
/// written in order before the next is read. A line that is not a valid input gets an
/// <c>invalid</c> verdict line naming its line number; the stream never stops early. Blank lines
/// are skipped. Every verdict line also carries the step check of its candidate:
/// <c>"steps_checked"</c> and <c>"first_false_step"</c> (null or <c>{index, text, reason}</c>).
/// </summary>
internal sealed class VerifyRunner(VerifierRegistry registry, StepCheckerRegistry steps)
{
    /// <summary>Lines per batch: enough to keep every core busy, small enough to stay responsive.</summary>
    public const int BatchSize = 512;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Output goes to files and terminals, not HTML: keep non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Verifies every line of <paramref name="input"/> into <paramref name="output"/>. With
    /// <paramref name="interactive"/> each line is verified and flushed as soon as it is read
    /// (a person typing at a terminal); otherwise lines are batched.
    /// </summary>
    public async Task<VerifyCounts> RunAsync(Stream input, Stream output, VerifyProgress? progress, bool interactive, CancellationToken cancellationToken)
    {
        var counts = new VerifyCounts();
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        await using var writer = new Utf8JsonWriter(output, WriterOptions);
        var batchSize = interactive ? 1 : BatchSize;
        var lines = new List<(long Number, string Text)>(batchSize);
        var results = new VerifyResult[batchSize];
        long lineNumber = 0;
        var done = false;
        while (!done)
        {
            lines.Clear();
            while (lines.Count < batchSize)
            {
                var line = await reader.ReadLineAsync(cancellationToken);
                if (line is null)
                {
                    done = true;
                    break;
                }

                lineNumber++;
                if (!string.IsNullOrWhiteSpace(line))
                {
                    lines.Add((lineNumber, line));
                }
            }

            Verify(lines, results, cancellationToken);
            for (var i = 0; i < lines.Count; i++)
            {
                Write(writer, output, results[i], counts);
                results[i] = default;
            }

            if (interactive)
            {
                await output.FlushAsync(cancellationToken);
            }

            progress?.Report(counts.Lines);
        }

        await output.FlushAsync(cancellationToken);
        progress?.Complete();
        return counts;
    }

    private void Verify(List<(long Number, string Text)> lines, VerifyResult[] results, CancellationToken cancellationToken)
    {
        if (lines.Count == 1)
        {
            results[0] = VerifyOne(lines[0].Number, lines[0].Text);
            return;
        }

        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, lines.Count, parallel, i => results[i] = VerifyOne(lines[i].Number, lines[i].Text));
    }

    private VerifyResult VerifyOne(long lineNumber, string line) =>
        VerifyLine.TryParse(line, lineNumber, out var problem, out var candidate, out var error)
            ? new VerifyResult(registry.Verify(problem, candidate), null, steps.Check(problem, candidate))
            : new VerifyResult(null, $"line {lineNumber}: {error}");

    private static void Write(Utf8JsonWriter writer, Stream output, VerifyResult result, VerifyCounts counts)
    {
        writer.WriteStartObject();
        if (result.Verdict is { } verdict)
        {
            writer.WriteBoolean("correct", verdict.IsCorrect);
            writer.WriteString("status", StatusName(verdict.Status));
            writer.WriteString("extracted", verdict.Extracted);
            writer.WriteString("reason", verdict.Reason);
            counts.Add(verdict.Status);
            StepCheckJson.WriteFields(writer, result.Steps ?? StepCheck.None);
            if (verdict.IsCorrect && result.Steps?.IsFlawed == true)
            {
                counts.AddFlawed();
            }
        }
        else
        {
            writer.WriteBoolean("correct", false);
            writer.WriteString("status", "invalid");
            writer.WriteNull("extracted");
            writer.WriteString("reason", result.Error);
            StepCheckJson.WriteFields(writer, StepCheck.None);
            counts.AddInvalid();
        }

        writer.WriteEndObject();

        // Utf8JsonWriter writes one root value; a newline and a reset start the next line.
        writer.Flush();
        output.WriteByte((byte)'\n');
        writer.Reset();
    }

    private static string StatusName(VerdictStatus status) => status switch
    {
        VerdictStatus.Correct => "correct",
        VerdictStatus.Incorrect => "incorrect",
        VerdictStatus.Unparseable => "unparseable",
        _ => "unsupported",
    };
}
