namespace DataFactory.Core.Curation;

/// <summary>A verified candidate offered to the curator.</summary>
/// <param name="CandidateIndex">The candidate's index within its problem's samples.</param>
/// <param name="Text">The candidate text.</param>
/// <param name="FinalAnswer">The answer the verifier extracted.</param>
/// <param name="TokenCount">Generated tokens.</param>
/// <param name="Steps">The step check of the text, or null when none ran; a false step makes the candidate flawed.</param>
public sealed record CandidateForCuration(int CandidateIndex, string Text, string FinalAnswer, int TokenCount, Steps.StepCheck? Steps = null);
