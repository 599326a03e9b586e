namespace DataFactory.Storage.Regrade;

/// <summary>What a regrade changed, by verifier and revision.</summary>
/// <param name="Lines">One line per (verifier, revision that judged, revision that re-checked), in that order.</param>
/// <param name="Batches">Batches (transactions) written.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record RegradeReport(IReadOnlyList<RegradeLine> Lines, int Batches, TimeSpan Elapsed)
{
    /// <summary>Candidates re-checked.</summary>
    public long Checked => Lines.Sum(l => l.Checked);

    /// <summary>Rejected candidates moved to the traces.</summary>
    public long ToTraces => Lines.Sum(l => l.ToTraces);

    /// <summary>Traces moved to the rejected candidates.</summary>
    public long ToRejected => Lines.Sum(l => l.ToRejected);

    /// <summary>True when nothing moved and no flawed mark changed.</summary>
    public bool NothingMoved => ToTraces == 0 && ToRejected == 0 && Lines.All(l => l.FlawedChanged == 0);
}
