using DataFactory.Core.Problems;

namespace DataFactory.Core.Verification;

/// <summary>
/// Checks a candidate against a problem. Implementations are pure, deterministic, thread-safe,
/// never throw on any candidate text and run in bounded time.
/// </summary>
public interface IVerifier
{
    /// <summary>The task kind this verifier checks.</summary>
    TaskKind Kind { get; }

    /// <summary>
    /// The verifier's revision, recorded with every stored verdict. It changes whenever a verdict
    /// could change (a new equivalence rule, a fixed extraction), so that stored candidates judged
    /// by an older revision can be found and re-checked (<c>datafactory regrade</c>).
    /// </summary>
    int Version { get; }

    /// <summary>Checks the candidate (the full model output) against the problem.</summary>
    Verdict Verify(Problem problem, string candidate);

    /// <summary>
    /// Null when this verifier can judge candidates of the problem; else why it cannot (a gold answer
    /// it cannot read, a gold option that is not among the options). Checked at import and again
    /// before generation, so that such a problem is rejected or failed with the reason instead of
    /// being sampled for nothing. The default accepts every problem.
    /// </summary>
    string? CheckProblem(Problem problem) => null;
}
