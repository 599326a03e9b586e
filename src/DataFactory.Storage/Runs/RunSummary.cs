using DataFactory.Core.Harvest;
using DataFactory.Core.Sampling;
using DataFactory.Storage.Schema;

namespace DataFactory.Storage.Runs;

/// <summary>A run's definition and progress, for <c>datafactory status</c> and for workers.</summary>
public sealed record RunSummary
{
    private readonly HarvestSettings? _harvest;

    /// <summary>The run id.</summary>
    public required Guid RunId { get; init; }

    /// <summary>The set's name.</summary>
    public required string SetName { get; init; }

    /// <summary>The model.</summary>
    public required ModelIdentity Model { get; init; }

    /// <summary>The sampling options.</summary>
    public required SamplingOptions Sampling { get; init; }

    /// <summary>The harvest policy's name (<c>best-of-n</c>, <c>adaptive</c>).</summary>
    public required string Strategy { get; init; }

    /// <summary>The harvest policy and its settings (flat best-of-n with the sampling's samples unless set).</summary>
    public HarvestSettings Harvest
    {
        get => _harvest ?? HarvestSettings.Flat(Sampling.Samples);
        init => _harvest = value;
    }

    /// <summary>Where the run stands.</summary>
    public required RunState Status { get; init; }

    /// <summary>Problems queued by the run.</summary>
    public int ProblemsTotal { get; init; }

    /// <summary>Problems done.</summary>
    public int ProblemsDone { get; init; }

    /// <summary>Problems failed.</summary>
    public int ProblemsFailed { get; init; }

    /// <summary>Problems of the run queued so far, in order (all of them once <see cref="QueueingComplete"/>).</summary>
    public int ProblemsSent { get; init; }

    /// <summary>
    /// Whether every problem of the run has been queued. False while <c>datafactory run</c> sends, and for
    /// good after a broker failure mid-send, until <c>datafactory run --resume</c> queues the rest.
    /// </summary>
    public bool QueueingComplete { get; init; } = true;

    /// <summary>Problems neither done nor failed yet.</summary>
    public int ProblemsQueued => Math.Max(0, ProblemsTotal - ProblemsDone - ProblemsFailed);

    /// <summary>Candidates sampled.</summary>
    public long Candidates { get; init; }

    /// <summary>Candidates verified correct.</summary>
    public long Verified { get; init; }

    /// <summary>Correct candidates with a false checkable step (flawed), among <see cref="Verified"/>.</summary>
    public long Flawed { get; init; }

    /// <summary>Candidates ended at their first false checkable step (<c>run --stop-on-false-step</c>), among the candidates.</summary>
    public long Stopped { get; init; }

    /// <summary>Whether the run stores flawed traces (marked) instead of dropping them.</summary>
    public bool KeepFlawed { get; init; }

    /// <summary>Whether the run stores the candidates the verifier rejected.</summary>
    public bool KeepRejected { get; init; }

    /// <summary>Rejected candidates stored (runs that keep them).</summary>
    public long Rejected { get; init; }

    /// <summary>Verified traces stored.</summary>
    public long Traces { get; init; }

    /// <summary>Distinct verified candidates not stored because the problem already had that trace from an earlier run.</summary>
    public long Duplicates { get; init; }

    /// <summary>Problems that spent their whole budget without a verified candidate.</summary>
    public int ProblemsExhausted { get; init; }

    /// <summary>Problems stopped by the saturation stop, short of their target (adaptive runs with saturation).</summary>
    public int ProblemsSaturated { get; init; }

    /// <summary>Candidates labelled step by step (label policy).</summary>
    public long LabelledCandidates { get; init; }

    /// <summary>Step labels stored (label policy).</summary>
    public long LabelledSteps { get; init; }

    /// <summary>Rollouts generated for step labels (label policy); their tokens are in <see cref="Tokens"/>.</summary>
    public long Rollouts { get; init; }

    /// <summary>Problems without a gold answer that got a pseudo-label (consensus runs).</summary>
    public int ProblemsLabelled { get; init; }

    /// <summary>Consensus-labelled traces stored, among <see cref="Traces"/>.</summary>
    public long ConsensusTraces { get; init; }

    /// <summary>Tokens generated (rollouts included).</summary>
    public long Tokens { get; init; }

    /// <summary>Verified over candidates, or null before any candidate.</summary>
    public double? AcceptanceRate => Candidates > 0 ? (double)Verified / Candidates : null;

    /// <summary>Generation wall time of the stored attempts, seconds (see <see cref="Schema.RunEntity.GenerationSeconds"/>).</summary>
    public double GenerationSeconds { get; init; }

    /// <summary>
    /// Tokens over the generation time that produced them (per engine: with several workers at once
    /// the run's wall-clock rate is higher), or null before any generation was stored.
    /// </summary>
    public double? TokensPerSecond => GenerationSeconds > 0 ? Tokens / GenerationSeconds : null;

    /// <summary>When the run was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the first problem finished.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the last problem finished.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>When the run was done.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}
