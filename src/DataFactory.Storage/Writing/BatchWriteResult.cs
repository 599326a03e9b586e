namespace DataFactory.Storage.Writing;

/// <summary>What a batch write changed. A redelivered batch yields all zeros but <see cref="Duplicates"/>.</summary>
/// <param name="NewAttempts">Attempts written for the first time.</param>
/// <param name="Duplicates">Attempts already in the store (a redelivery), left untouched.</param>
/// <param name="TracesWritten">Traces stored.</param>
/// <param name="TracesSkipped">Traces of new attempts not stored because the problem already had the same text.</param>
/// <param name="RunCompleted">True when this write finished the run (done plus failed reached the total).</param>
public sealed record BatchWriteResult(int NewAttempts, int Duplicates, int TracesWritten, int TracesSkipped, bool RunCompleted)
{
    /// <summary>Rejected candidates stored (runs that keep them).</summary>
    public int RejectedWritten { get; init; }

    /// <summary>Step labels stored (label runs).</summary>
    public int StepLabelsWritten { get; init; }
    /// <summary>Consensus-labelled traces stored, among <see cref="TracesWritten"/>.</summary>
    public int ConsensusWritten { get; init; }
}
