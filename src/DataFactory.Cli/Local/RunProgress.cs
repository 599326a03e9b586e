using System.Globalization;
using DataFactory.Storage;
using DataFactory.Storage.Runs;

namespace DataFactory.Cli.Local;

/// <summary>
/// Follows a run in the store until it is finished and shows its progress on standard error: one
/// line redrawn in place on a terminal, a line per change (at most one a second) when redirected.
/// </summary>
internal sealed class RunProgress(string label, TextWriter output, bool interactive)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(1);

    /// <summary>Progress on the console's standard error.</summary>
    public static RunProgress OnConsole(string label) => new(label, Console.Error, !Console.IsErrorRedirected);

    /// <summary>Polls the run until every problem is done or failed; returns its final summary.</summary>
    public async Task<RunSummary> WaitAsync(StoreOptions store, Guid runId, CancellationToken cancellationToken)
    {
        var lastLine = string.Empty;
        var lastWritten = DateTimeOffset.MinValue;
        while (true)
        {
            RunSummary summary;
            await using (var context = new DataFactoryDbContext(store.ToDbContextOptions()))
            {
                summary = await new RunStore(context).GetRunAsync(runId, cancellationToken)
                    ?? throw new InvalidOperationException($"Run {runId} vanished from the store.");
            }

            var finished = summary.ProblemsQueued == 0;
            var line = Line(summary);
            var now = DateTimeOffset.UtcNow;
            if (line != lastLine && (interactive || finished || now - lastWritten >= LogInterval))
            {
                await output.WriteAsync(interactive ? "\r" + line : line + Environment.NewLine);
                lastLine = line;
                lastWritten = now;
            }

            if (finished)
            {
                if (interactive)
                {
                    await output.WriteLineAsync();
                }

                return summary;
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    private string Line(RunSummary s) => string.Create(
        CultureInfo.InvariantCulture,
        $"{label}: {s.ProblemsDone + s.ProblemsFailed}/{s.ProblemsTotal} problems ({s.ProblemsFailed} failed), {s.Candidates} candidates, {s.Verified} correct, {s.Flawed} flawed, {s.Traces} traces, {(s.TokensPerSecond is { } t ? t.ToString("F0", CultureInfo.InvariantCulture) : "-")} tokens/s generating");
}
