using DataFactory.Core.Verification;

namespace DataFactory.Storage.Writing;

/// <summary>A candidate the verifier accepted, ready to be stored.</summary>
/// <param name="Text">The full model output.</param>
/// <param name="Verdict">The verifier's verdict; it must be correct (only verified traces are stored).</param>
/// <param name="Verifier">The name of the verifier that accepted it (math, game24, ...).</param>
/// <param name="TokenCount">Tokens in the text.</param>
public sealed record VerifiedTrace(string Text, Verdict Verdict, string Verifier, int TokenCount)
{
    /// <summary>The final answer is correct but a checkable step is false (kept only when the run keeps flawed traces).</summary>
    public bool Flawed { get; init; }

    /// <summary>The revision of the verifier that accepted it (<see cref="IVerifier.Version"/>).</summary>
    public int VerifierVersion { get; init; }
    /// <summary>The trace's dedup hash (<see cref="Core.Curation.TraceHash.ForKind"/>) when curation already computed it; else the writer computes it.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "A hash handed from curation to the writer, never mutated.")]
    public byte[]? Hash { get; init; }

    /// <summary>Verified against its problem's pseudo-label (a consensus run's majority answer), not a gold answer.</summary>
    public bool Consensus { get; init; }

    /// <summary>The pseudo-label's vote share, for a consensus-labelled trace; else null.</summary>
    public double? VoteShare { get; init; }

    /// <summary>The step check as a JSON object, or null when no step checker ran.</summary>
    public string? StepCheck { get; init; }
}
