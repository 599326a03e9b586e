namespace DataFactory.Storage.Writing;

/// <summary>A rejected candidate of a new attempt, hashed, compressed and ready for insertion.</summary>
internal sealed record PendingRejected(
    long ProblemId,
    byte[] TextCompressed,
    string? FinalAnswer,
    int TokenCount,
    string Verdict,
    string Reason,
    string Verifier,
    int VerifierVersion,
    byte[] Hash);
