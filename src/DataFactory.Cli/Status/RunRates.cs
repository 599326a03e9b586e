using DataFactory.Storage.Runs;

namespace DataFactory.Cli.Status;

/// <summary>
/// Rates from successive readings of the runs' counters, over a sliding window, so that
/// <c>status --watch</c> shows what the factory does now rather than its average since the start.
/// </summary>
internal sealed class RunRates(TimeSpan window)
{
    private readonly Dictionary<Guid, Queue<Reading>> _readings = [];

    /// <summary>Adds a reading taken at <paramref name="at"/>; returns the rate over the window, or null after the first reading.</summary>
    public RunRate? Add(RunSummary run, TimeSpan at)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!_readings.TryGetValue(run.RunId, out var readings))
        {
            readings = new Queue<Reading>();
            _readings[run.RunId] = readings;
        }

        var now = new Reading(at, run.ProblemsDone + run.ProblemsFailed, run.Candidates, run.Traces, run.Tokens);
        readings.Enqueue(now);
        // Keep one reading at or beyond the window's start, so the window is always covered.
        while (readings.Count > 2 && at - readings.ElementAt(1).At >= window)
        {
            readings.Dequeue();
        }

        var first = readings.Peek();
        var seconds = (now.At - first.At).TotalSeconds;
        return seconds <= 0
            ? null
            : new RunRate(
                (now.Finished - first.Finished) / seconds,
                (now.Candidates - first.Candidates) / seconds,
                (now.Traces - first.Traces) / seconds,
                (now.Tokens - first.Tokens) / seconds,
                now.At - first.At);
    }

    private readonly record struct Reading(TimeSpan At, long Finished, long Candidates, long Traces, long Tokens);
}
