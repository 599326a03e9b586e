namespace DataFactory.Storage.Regrade;

/// <summary>What <see cref="Regrader"/> re-checks.</summary>
public sealed record RegradeOptions
{
    /// <summary>The set whose stored candidates (traces and rejected candidates) are re-checked.</summary>
    public required string SetName { get; init; }

    /// <summary>Only candidates stored by this run; all runs of the set when null.</summary>
    public Guid? RunId { get; init; }

    /// <summary>
    /// Re-check every candidate, not only those an older verifier revision judged (for a change that
    /// did not raise a version, or a step-checker change).
    /// </summary>
    public bool All { get; init; }

    /// <summary>Problems per batch; each batch is one transaction.</summary>
    public int ProblemsPerBatch { get; init; } = 512;
}
