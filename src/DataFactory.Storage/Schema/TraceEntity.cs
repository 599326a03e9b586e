namespace DataFactory.Storage.Schema;

/// <summary>A row of <c>traces</c>: one verified chain of thought. Unique per (problem, trace hash).</summary>
public sealed class TraceEntity
{
    /// <summary>The surrogate key; export orders a problem's traces by it.</summary>
    public long Id { get; set; }

    /// <summary>The problem the trace solves.</summary>
    public long ProblemId { get; set; }

    /// <summary>The run that produced it.</summary>
    public Guid RunId { get; set; }

    /// <summary>The full model output.</summary>
    public required string Text { get; set; }

    /// <summary>The final answer the verifier extracted.</summary>
    public string? FinalAnswer { get; set; }

    /// <summary>Tokens in the text.</summary>
    public int TokenCount { get; set; }

    /// <summary>The verifier's verdict (always <c>correct</c>: only verified traces are stored).</summary>
    public required string Verdict { get; set; }

    /// <summary>The verifier's short reason.</summary>
    public required string Reason { get; set; }

    /// <summary>The name of the verifier that accepted the trace.</summary>
    public required string Verifier { get; set; }

    /// <summary>
    /// The revision of the verifier that judged the trace (<c>IVerifier.Version</c>); 0 for traces stored
    /// before verdicts recorded one. <c>datafactory regrade</c> re-checks traces of older revisions.
    /// </summary>
    public int VerifierVersion { get; set; }

    /// <summary>SHA-256 of the normalised text.</summary>
    public required byte[] TraceHash { get; set; }

    /// <summary>
    /// A flawed trace: its final answer is correct but a checkable step is false. Stored only for runs
    /// that keep flawed traces, and exported only on request.
    /// </summary>
    public bool Flawed { get; set; }

    /// <summary>
    /// A consensus-labelled trace: its problem has no gold answer, and the trace agrees with the majority answer of
    /// its run (the pseudo-label). Exported only on request.
    /// </summary>
    public bool Consensus { get; set; }

    /// <summary>The pseudo-label's vote share in the trace's run (votes over candidates), for consensus-labelled traces; else null.</summary>
    public double? VoteShare { get; set; }

    /// <summary>The step check as JSON (jsonb on PostgreSQL): checker, steps checked and skipped, the first false step; null when none ran.</summary>
    public string? StepCheck { get; set; }

    /// <summary>When the trace was stored.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
