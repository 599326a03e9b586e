namespace DataFactory.Core.Harvest;

/// <summary>How a run spends candidates on each problem.</summary>
public enum HarvestPolicyKind
{
    /// <summary>Flat best-of-n: every problem gets <see cref="HarvestSettings.Samples"/> candidates in one round.</summary>
    Flat,

    /// <summary>
    /// Rounds of candidates (<see cref="HarvestSettings.FirstRound"/>, then doubling) while the problem is short of
    /// <see cref="HarvestSettings.TargetVerified"/> distinct verified traces, up to <see cref="HarvestSettings.Budget"/> candidates.
    /// </summary>
    Adaptive,

    /// <summary>
    /// Flat best-of-n (<see cref="HarvestSettings.Samples"/> candidates), then step labels for every candidate, verified or
    /// not: <see cref="HarvestSettings.Rollouts"/> rollouts continue each step prefix the <see cref="HarvestSettings.LabelSearch"/> visits.
    /// </summary>
    Label,

    /// <summary>
    /// Verifier-guided beam search over steps: the <see cref="HarvestSettings.Beam"/> best partial traces, each
    /// expanded by <see cref="HarvestSettings.Expand"/> next steps, scored by the step checker (and rollouts),
    /// until a verified answer or <see cref="HarvestSettings.Budget"/> generated tokens.
    /// </summary>
    Search,
}
