namespace DataFactory.Storage.Schema;

/// <summary>
/// A row of <c>candidates_rejected</c>: a candidate the verifier did not accept, kept for runs that
/// ask for it (<c>run --keep-rejected</c>) as the wrong side of preference pairs and for regrading.
/// Unique per (problem, candidate hash), like traces.
/// </summary>
public sealed class RejectedCandidateEntity
{
    /// <summary>The surrogate key.</summary>
    public long Id { get; set; }

    /// <summary>The problem the candidate answers.</summary>
    public long ProblemId { get; set; }

    /// <summary>The run that produced it.</summary>
    public Guid RunId { get; set; }

    /// <summary>The full model output, Brotli-compressed UTF-8 (<see cref="Writing.CandidateText"/>).</summary>
    public required byte[] TextCompressed { get; set; }

    /// <summary>The final answer the verifier extracted, if any.</summary>
    public string? FinalAnswer { get; set; }

    /// <summary>Tokens in the text.</summary>
    public int TokenCount { get; set; }

    /// <summary>The verdict: incorrect or unparseable.</summary>
    public required string Verdict { get; set; }

    /// <summary>The verifier's short reason.</summary>
    public required string Reason { get; set; }

    /// <summary>The name of the verifier that rejected the candidate.</summary>
    public required string Verifier { get; set; }

    /// <summary>The revision of that verifier (<c>IVerifier.Version</c>).</summary>
    public int VerifierVersion { get; set; }

    /// <summary>SHA-256 of the normalised text (the trace hash).</summary>
    public required byte[] CandidateHash { get; set; }

    /// <summary>When the candidate was stored.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
