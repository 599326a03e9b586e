namespace DataFactory.Core.Harvest;

/// <summary>
/// One problem's harvest: asks for rounds of candidates and hears their verdicts. Decisions depend only on this
/// problem's own verdicts, and candidate indices continue across rounds, so with per-candidate seeds a problem
/// gets the same candidates whatever else shares its batch.
/// </summary>
public interface IProblemHarvest
{
    /// <summary>Candidates drawn so far; the next round's first candidate index.</summary>
    int Drawn { get; }

    /// <summary>True once the policy asks for nothing more.</summary>
    bool Finished { get; }

    /// <summary>
    /// True when the problem finished having used its whole budget without one verified candidate: more sampling
    /// at these settings is not expected to help.
    /// </summary>
    bool Exhausted { get; }

    /// <summary>
    /// True when the problem finished short of its target because its verified candidates stopped finding new paths
    /// (<see cref="Saturation"/>; adaptive runs with <see cref="HarvestSettings.Saturation"/> only).
    /// </summary>
    bool Saturated { get; }

    /// <summary>How many candidates to draw next (indices <see cref="Drawn"/> onwards); 0 when <see cref="Finished"/>.</summary>
    int NextRound();

    /// <summary>Hears a round's outcome: the candidates it drew, and the problem's totals after it.</summary>
    /// <param name="candidates">Candidates of the round (what <see cref="NextRound"/> asked for).</param>
    /// <param name="verified">Candidates verified correct so far, over all rounds.</param>
    /// <param name="distinct">Distinct verified traces so far (near-duplicates counted once), over all rounds.</param>
    /// <param name="sample">The verified chains so far, for the saturation stop (the default: none, so it cannot stop a problem).</param>
    void Record(int candidates, int verified, int distinct, PathSample sample = default);
}
