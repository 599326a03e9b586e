namespace DataFactory.Inference.Generation;

/// <summary>The candidates sampled for one problem.</summary>
/// <param name="ProblemId">The request's problem id.</param>
/// <param name="PromptTokenCount">Tokens in the (rendered) prompt.</param>
/// <param name="Candidates">Candidates in index order.</param>
public sealed record ProblemGeneration(string ProblemId, int PromptTokenCount, IReadOnlyList<GeneratedCandidate> Candidates);
