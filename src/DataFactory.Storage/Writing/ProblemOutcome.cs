using DataFactory.Storage.Schema;

namespace DataFactory.Storage.Writing;

/// <summary>What one problem's attempt in a run produced: its statistics and its verified traces.</summary>
/// <param name="ProblemId">The problem's store id.</param>
/// <param name="Status">Done, or failed with <paramref name="FailureReason"/>.</param>
/// <param name="Candidates">Candidates sampled.</param>
/// <param name="Correct">Candidates verified correct (before deduplication).</param>
/// <param name="Tokens">Tokens generated.</param>
/// <param name="FailureReason">Why the attempt failed, for failed attempts.</param>
/// <param name="Traces">The verified traces to keep (after curation).</param>
public sealed record ProblemOutcome(
    long ProblemId,
    AttemptStatus Status,
    int Candidates,
    int Correct,
    long Tokens,
    string? FailureReason,
    IReadOnlyList<VerifiedTrace> Traces)
{
    /// <summary>Generation time attributed to the problem (its share of its batch's), if measured; added to the run's generation seconds.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Correct candidates with a false checkable step, among <see cref="Correct"/>.</summary>
    public int Flawed { get; init; }

    /// <summary>Candidates ended at their first false checkable step (<c>run --stop-on-false-step</c>), among the candidates.</summary>
    public int Stopped { get; init; }

    /// <summary>
    /// The candidates the verifier did not accept, stored only when the run keeps rejected candidates
    /// (one per distinct text of the problem); empty otherwise.
    /// </summary>
    public IReadOnlyList<RejectedCandidate> Rejected { get; init; } = [];
    /// <summary>The candidates labelled step by step (label runs), each once per distinct text; empty otherwise.</summary>
    public IReadOnlyList<LabelledCandidate> Labelled { get; init; } = [];

    /// <summary>The problem spent its whole budget without a verified candidate (a done attempt with no correct candidate).</summary>
    public bool Exhausted { get; init; }

    /// <summary>The problem stopped short of its target because its verified candidates stopped finding new paths (a done attempt).</summary>
    public bool Saturated { get; init; }

    /// <summary>The majority answer that labels a problem without a gold answer (consensus runs), or null.</summary>
    public string? PseudoLabel { get; init; }

    /// <summary>The majority answer's share of the candidates, for a problem voted on (labelled or not), or null.</summary>
    public double? VoteShare { get; init; }

    /// <summary>The majority answer's votes, for a problem voted on (labelled or not), or null.</summary>
    public int? Votes { get; init; }

    /// <summary>A done attempt.</summary>
    public static ProblemOutcome Done(long problemId, int candidates, int correct, long tokens, IReadOnlyList<VerifiedTrace> traces) =>
        new(problemId, AttemptStatus.Done, candidates, correct, tokens, null, traces);

    /// <summary>A failed attempt: no traces, counted once as failed.</summary>
    public static ProblemOutcome Failed(long problemId, string reason) =>
        new(problemId, AttemptStatus.Failed, 0, 0, 0, reason, []);
}
