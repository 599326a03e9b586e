namespace DataFactory.Storage.Writing;

/// <summary>One step label of a new attempt, ready for insertion.</summary>
internal sealed record PendingStepLabel(
    long ProblemId,
    byte[] CandidateHash,
    bool CandidateVerified,
    int StepIndex,
    int StepCount,
    string StepText,
    double SoftLabel,
    bool HardLabel,
    int Rollouts,
    int Successes,
    string Search,
    string Source,
    bool FirstError);
