namespace DataFactory.Inference.Generation;

/// <summary>The candidates sampled for one problem.</summary>
/// <param name="ProblemId">The request's problem id.</param>
/// <param name="PromptTokenCount">Tokens in the (rendered) prompt.</param>
/// <param name="Candidates">Candidates in index order.</param>
public sealed record ProblemGeneration(string ProblemId, int PromptTokenCount, IReadOnlyList<GeneratedCandidate> Candidates)
{
    /// <summary>Tokens generated for candidates that an early stop left unfinished (not in <see cref="Candidates"/>).</summary>
    public long AbandonedTokens { get; init; }

    /// <summary>Candidates that an early stop left unfinished or never started (not in <see cref="Candidates"/>).</summary>
    public int Abandoned { get; init; }
}
