namespace DataFactory.Core.Verification;

/// <summary>A verifier's verdict on one candidate: status, the extracted final answer and a short reason.</summary>
public sealed record Verdict(VerdictStatus Status, string? Extracted, string Reason)
{
    /// <summary>True when the candidate is verified correct.</summary>
    public bool IsCorrect => Status == VerdictStatus.Correct;

    /// <summary>A correct verdict.</summary>
    public static Verdict Correct(string extracted, string reason = "equivalent") => new(VerdictStatus.Correct, extracted, reason);

    /// <summary>An incorrect verdict.</summary>
    public static Verdict Incorrect(string? extracted, string reason) => new(VerdictStatus.Incorrect, extracted, reason);

    /// <summary>No answer could be extracted or parsed.</summary>
    public static Verdict Unparseable(string reason, string? extracted = null) => new(VerdictStatus.Unparseable, extracted, reason);

    /// <summary>The kind cannot be verified here.</summary>
    public static Verdict Unsupported(string reason) => new(VerdictStatus.Unsupported, null, reason);
}
