namespace DataFactory.Core.Curation;

/// <summary>A verified candidate kept for storage, with its dedup hash.</summary>
/// <param name="CandidateIndex">The candidate's index within its problem's samples.</param>
/// <param name="Text">The trace text (the assistant turn).</param>
/// <param name="FinalAnswer">The answer the verifier extracted.</param>
/// <param name="TokenCount">Generated tokens.</param>
/// <param name="Hash">The <see cref="TraceHash"/> of the text, as lowercase hex.</param>
/// <param name="Steps">The candidate's step check, or null; kept flawed traces carry theirs so that they are stored marked.</param>
public sealed record CuratedTrace(int CandidateIndex, string Text, string FinalAnswer, int TokenCount, string Hash, Steps.StepCheck? Steps = null)
{
    /// <summary>True when the trace has a false checkable step (kept only with <see cref="CurationOptions.KeepFlawed"/>).</summary>
    public bool IsFlawed => Steps?.IsFlawed == true;
}
