namespace DataFactory.Storage.Schema;

/// <summary>A row of <c>runs</c>: one generation run over a set, with its live counters.</summary>
public sealed class RunEntity
{
    /// <summary>The run id, carried by every message of the run.</summary>
    public Guid Id { get; set; }

    /// <summary>The set the run samples.</summary>
    public long SetId { get; set; }

    /// <summary>The model's name.</summary>
    public required string ModelName { get; set; }

    /// <summary>The model folder the run was started with, if any.</summary>
    public string? ModelPath { get; set; }

    /// <summary>A hash identifying the model weights, if known.</summary>
    public string? ModelHash { get; set; }

    /// <summary>The model's record in <c>models</c> (by its fingerprint), when the run's model has one.</summary>
    public Guid? ModelId { get; set; }

    /// <summary>The sampling options as JSON (jsonb on PostgreSQL).</summary>
    public required string Sampling { get; set; }

    /// <summary>The sampling strategy's name (best-of-n, ...).</summary>
    public required string Strategy { get; set; }

    /// <summary>Candidates sampled per problem (flat policy), or the most per problem (adaptive: the budget).</summary>
    public int SamplesPerProblem { get; set; }

    /// <summary>Distinct verified traces at which a problem stops (adaptive policy), verified candidates (search); null for flat best-of-n.</summary>
    public int? TargetVerified { get; set; }

    /// <summary>Most candidates per problem (adaptive policy), most generated tokens per problem (search); null for flat best-of-n.</summary>
    public int? Budget { get; set; }

    /// <summary>Partial traces kept between expansions (search policy); null for the others.</summary>
    public int? Beam { get; set; }

    /// <summary>Next steps drawn from each partial trace of the beam (search policy); null for the others.</summary>
    public int? Expand { get; set; }

    /// <summary>Candidates in a problem's first round, doubling after (adaptive policy); null for flat best-of-n.</summary>
    public int? FirstRound { get; set; }

    /// <summary>Rollouts per step prefix (label policy) or per surviving partial trace (search policy); null for the other policies.</summary>
    public int? RolloutsPerPrefix { get; set; }

    /// <summary>The label policy's prefix search, <c>bisect</c> or <c>exhaustive</c>; null for the other policies.</summary>
    public string? LabelSearch { get; set; }

    /// <summary>Candidates labelled step by step (label policy).</summary>
    public long LabelledCandidates { get; set; }

    /// <summary>Step labels stored (label policy).</summary>
    public long LabelledSteps { get; set; }

    /// <summary>Rollouts generated for step labels (label policy); their tokens are in <see cref="Tokens"/>.</summary>
    public long Rollouts { get; set; }
    /// <summary>Least votes of a pseudo-label (consensus runs); null when the run does not vote.</summary>
    public int? ConsensusMinVotes { get; set; }

    /// <summary>Least vote share of a pseudo-label (consensus runs); null when the run does not vote.</summary>
    public double? ConsensusMinShare { get; set; }

    /// <summary>At most this many traces stored per problem, each a distinct path; null when there is no quota.</summary>
    public int? MaxPerProblem { get; set; }

    /// <summary>Adaptive policy: a problem also stops once its verified candidates stop finding new paths (the saturation stop).</summary>
    public bool Saturation { get; set; }

    /// <summary>Flat and adaptive policies: a candidate ends at its first complete line with a false checkable claim.</summary>
    public bool StopOnFalseStep { get; set; }

    /// <summary>Candidates ended at their first false checkable step (<see cref="StopOnFalseStep"/>), among the candidates.</summary>
    public long CandidatesStopped { get; set; }

    /// <summary>Where the run stands.</summary>
    public RunState Status { get; set; }

    /// <summary>Problems queued by the run.</summary>
    public int ProblemsTotal { get; set; }

    /// <summary>
    /// The highest store id among the run's problems, fixed at creation: the run's problems are the first
    /// <see cref="ProblemsTotal"/> of its set in id order up to this id, so problems imported into the set
    /// later never join it. Null for a run created before queueing was recorded.
    /// </summary>
    public long? LastProblemId { get; set; }

    /// <summary>
    /// Every problem of the run up to this id has been queued (the broker confirmed its message); null
    /// before the first confirmed message. Queueing is complete when it reaches <see cref="LastProblemId"/>.
    /// </summary>
    public long? QueuedThrough { get; set; }

    /// <summary>How many of the run's problems, in order, are queued (those up to <see cref="QueuedThrough"/>).</summary>
    public int ProblemsSent { get; set; }

    /// <summary>Problems whose attempt is done.</summary>
    public int ProblemsDone { get; set; }

    /// <summary>Problems whose attempt failed.</summary>
    public int ProblemsFailed { get; set; }

    /// <summary>Candidates sampled.</summary>
    public long Candidates { get; set; }

    /// <summary>Candidates the verifier accepted.</summary>
    public long Verified { get; set; }

    /// <summary>Correct candidates with a false checkable step (flawed), among <see cref="Verified"/>.</summary>
    public long Flawed { get; set; }

    /// <summary>Whether the run stores flawed traces (marked) instead of dropping them.</summary>
    public bool KeepFlawed { get; set; }

    /// <summary>Whether the run stores the candidates the verifier rejected (<c>candidates_rejected</c>).</summary>
    public bool KeepRejected { get; set; }

    /// <summary>Rejected candidates stored (after deduplication), for runs that keep them.</summary>
    public long Rejected { get; set; }

    /// <summary>Verified traces stored (after deduplication).</summary>
    public long Traces { get; set; }

    /// <summary>
    /// Distinct verified candidates not stored because the problem already had the same trace from an earlier run
    /// (a rerun with the same seed regenerates the same candidates: they all land here).
    /// </summary>
    public long Duplicates { get; set; }

    /// <summary>Problems that spent their whole budget without a verified candidate.</summary>
    public int ProblemsExhausted { get; set; }

    /// <summary>Problems stopped by the saturation stop, short of their target (adaptive runs with saturation).</summary>
    public int ProblemsSaturated { get; set; }

    /// <summary>Problems without a gold answer that got a pseudo-label (consensus runs).</summary>
    public int ProblemsLabelled { get; set; }

    /// <summary>Consensus-labelled traces stored, among <see cref="Traces"/>.</summary>
    public long ConsensusTraces { get; set; }

    /// <summary>Tokens generated.</summary>
    public long Tokens { get; set; }

    /// <summary>
    /// Generation wall time of the run's stored attempts, seconds: each batch adds the time its engine
    /// spent generating (shared among its problems by their tokens), so tokens over this is the rate
    /// that produced them, not diluted by queueing, verification or idle time.
    /// </summary>
    public double GenerationSeconds { get; set; }

    /// <summary>When the run was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the first attempt was written.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the last attempt was written.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>When the last problem finished.</summary>
    public DateTimeOffset? FinishedAt { get; set; }
}
