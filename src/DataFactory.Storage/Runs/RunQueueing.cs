namespace DataFactory.Storage.Runs;

/// <summary>Where queueing a run stands: its problems in order, and those still to queue.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ModelHash">The fingerprint of the run's model (which queue its messages go to), if known.</param>
/// <param name="ProblemIds">Every problem of the run, in the order they are queued (store id).</param>
/// <param name="Pending">The problems neither queued yet nor finished, in the same order.</param>
public sealed record RunQueueing(Guid RunId, string? ModelHash, IReadOnlyList<long> ProblemIds, IReadOnlyList<long> Pending);
