namespace DataFactory.Storage.Writing;

/// <summary>A verified trace of a new attempt, hashed and ready for insertion.</summary>
internal sealed record PendingTrace(
    long ProblemId,
    string Text,
    string? FinalAnswer,
    int TokenCount,
    string Reason,
    string Verifier,
    int VerifierVersion,
    byte[] Hash,
    bool Flawed,
    string? StepCheck,
    bool Consensus = false,
    double? VoteShare = null);
