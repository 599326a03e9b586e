namespace DataFactory.Storage.Regrade;

/// <summary>
/// A stored candidate as the regrade reads it: a trace (<see cref="Text"/> set) or a rejected candidate
/// (<see cref="Compressed"/> set, decompressed on the verifying threads).
/// </summary>
internal sealed record StoredCandidate(
    bool IsTrace,
    long Id,
    long ProblemId,
    Guid RunId,
    string? Text,
    byte[]? Compressed,
    string? FinalAnswer,
    string Reason,
    string Verdict,
    int TokenCount,
    int VerifierVersion,
    byte[] Hash,
    bool Flawed,
    string? StepCheck);
