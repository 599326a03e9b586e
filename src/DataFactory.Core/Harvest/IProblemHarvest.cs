namespace DataFactory.Core.Harvest;

/// <summary>
/// One problem's harvest: asks for rounds of candidates and hears their verdicts. Decisions depend only on this
/// problem's own verdicts, and candidate indices continue across rounds, so with per-candidate seeds a problem
/// gets the same candidates whatever else shares its batch (up to the rare token the engine's batched arithmetic
/// changes at a near-tie; see the README's Seeds paragraph).
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

    /// <summary>
    /// Hears a candidate of the round in progress as it finishes (the engine's early stop): true when the policy
    /// would stop the problem now, so the round's rows still decoding can leave. Adaptive: K distinct verified
    /// traces, or, with the saturation stop, the rest of this round and the next one expected to find less than one
    /// new path (<see cref="Saturation"/>). <see cref="Record"/> still hears the round afterwards.
    /// </summary>
    /// <param name="round">Candidates of the round in progress (what <see cref="NextRound"/> asked for).</param>
    /// <param name="heard">Candidates of the round finished so far, verified or not, this one included.</param>
    /// <param name="distinct">Distinct verified traces so far, this round's finished ones included.</param>
    /// <param name="sample">The verified chains so far, this round's finished ones included; asked for only when needed.</param>
    bool StopsInRound(int round, int heard, int distinct, Func<PathSample> sample);

    /// <summary>Hears a round's outcome: the candidates it drew, and the problem's totals after it.</summary>
    /// <param name="candidates">Candidates of the round (what <see cref="NextRound"/> asked for).</param>
    /// <param name="verified">Candidates verified correct so far, over all rounds.</param>
    /// <param name="distinct">Distinct verified traces so far (near-duplicates counted once), over all rounds.</param>
    /// <param name="sample">The verified chains so far, for the saturation stop (the default: none, so it cannot stop a problem).</param>
    void Record(int candidates, int verified, int distinct, PathSample sample = default);
}
