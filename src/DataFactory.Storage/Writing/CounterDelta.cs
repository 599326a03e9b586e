namespace DataFactory.Storage.Writing;

/// <summary>The sums a batch adds to its run's counters (new attempts only).</summary>
internal readonly record struct CounterDelta(int Done, int Failed, long Candidates, long Verified, long Flawed, long Traces, long Rejected, long Tokens, double GenerationSeconds, long Duplicates = 0, int Exhausted = 0, int Labelled = 0, long ConsensusTraces = 0, int Saturated = 0, long Stopped = 0)
{
    /// <summary>Candidates labelled, step labels stored and rollouts generated (label policy).</summary>
    public (long Candidates, long Steps, long Rollouts) Labels { get; init; }
}
