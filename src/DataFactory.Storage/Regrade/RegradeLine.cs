namespace DataFactory.Storage.Regrade;

/// <summary>What a regrade did to the candidates of one verifier that a given revision had judged.</summary>
/// <param name="Verifier">The verifier (the task kind's name).</param>
/// <param name="FromVersion">The revision that judged them (0: stored before verdicts recorded one).</param>
/// <param name="ToVersion">The revision that re-checked them.</param>
public sealed record RegradeLine(string Verifier, int FromVersion, int ToVersion)
{
    /// <summary>Candidates re-checked.</summary>
    public long Checked { get; set; }

    /// <summary>Traces that still verify and rejected candidates that still do not (their version is brought up to date).</summary>
    public long Unchanged { get; set; }

    /// <summary>Rejected candidates that now verify, moved to the traces.</summary>
    public long ToTraces { get; set; }

    /// <summary>Traces that no longer verify, moved out and kept as rejected candidates.</summary>
    public long ToRejected { get; set; }

    /// <summary>Traces whose flawed mark changed with a newer step checker.</summary>
    public long FlawedChanged { get; set; }

    /// <summary>
    /// Candidates left as they are because the verifier could not judge them now (an unsupported
    /// verdict: code without a sandbox), or another regrade moved them first.
    /// </summary>
    public long Skipped { get; set; }
}
