namespace DataFactory.Storage.Regrade;

/// <summary>The increments a regrade batch makes to attempts and runs.</summary>
internal sealed class RegradeCounters
{
    public Dictionary<(Guid RunId, long ProblemId), (int Correct, int Flawed)> Attempts { get; } = [];

    public Dictionary<Guid, RunDelta> Runs { get; } = [];

    public void Attempt(Guid runId, long problemId, int correct, int flawed)
    {
        Attempts.TryGetValue((runId, problemId), out var current);
        Attempts[(runId, problemId)] = (current.Correct + correct, current.Flawed + flawed);
    }

    public void Run(Guid runId, long verified, long flawed, long traces, long rejected)
    {
        Runs.TryGetValue(runId, out var current);
        Runs[runId] = new RunDelta(current.Verified + verified, current.Flawed + flawed, current.Traces + traces, current.Rejected + rejected);
    }

    public readonly record struct RunDelta(long Verified, long Flawed, long Traces, long Rejected);
}
