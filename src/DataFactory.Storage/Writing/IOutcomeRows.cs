namespace DataFactory.Storage.Writing;

/// <summary>The provider-specific bulk inserts of <see cref="BatchWriter"/>, run inside its transaction.</summary>
internal interface IOutcomeRows
{
    /// <summary>Inserts the attempts that are not there yet; returns the problem ids of those inserted.</summary>
    Task<IReadOnlySet<long>> InsertAttemptsAsync(
        Guid runId, IReadOnlyList<ProblemOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Inserts traces whose (problem, hash) is not there yet; returns how many were inserted, and how many of those are consensus-labelled.</summary>
    Task<(int Written, int Consensus)> InsertTracesAsync(
        Guid runId, IReadOnlyList<PendingTrace> traces, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Inserts rejected candidates whose (problem, hash) is not there yet; returns how many were inserted.</summary>
    Task<int> InsertRejectedAsync(
        Guid runId, IReadOnlyList<PendingRejected> rejected, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Inserts step labels whose (run, problem, candidate hash, step) is not there yet; returns how many were inserted.</summary>
    Task<int> InsertStepLabelsAsync(
        Guid runId, IReadOnlyList<PendingStepLabel> labels, DateTimeOffset now, CancellationToken cancellationToken);
}
