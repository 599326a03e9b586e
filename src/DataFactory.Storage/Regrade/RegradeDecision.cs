using DataFactory.Core.Steps;
using DataFactory.Core.Verification;

namespace DataFactory.Storage.Regrade;

/// <summary>A stored candidate with its text and the current verifier's verdict on it.</summary>
/// <param name="Candidate">The row as stored.</param>
/// <param name="Text">Its text.</param>
/// <param name="Verifier">The verifier's name (the task kind's).</param>
/// <param name="Version">The current revision of that verifier.</param>
/// <param name="Verdict">The current verdict.</param>
/// <param name="Steps">A fresh step check, for a candidate that is or becomes a trace whose stored step check is of an older checker; else null.</param>
internal sealed record RegradeDecision(StoredCandidate Candidate, string Text, string Verifier, int Version, Verdict Verdict, StepCheck? Steps)
{
    public bool Skip => Verdict.Status == VerdictStatus.Unsupported;

    public bool ToRejected => !Skip && Candidate.IsTrace && !Verdict.IsCorrect;

    public bool ToTrace => !Skip && !Candidate.IsTrace && Verdict.IsCorrect;
}
