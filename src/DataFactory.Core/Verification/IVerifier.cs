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

    /// <summary>Checks the candidate (the full model output) against the problem.</summary>
    Verdict Verify(Problem problem, string candidate);
}
