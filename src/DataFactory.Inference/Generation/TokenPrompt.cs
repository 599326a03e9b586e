namespace DataFactory.Inference.Generation;

/// <summary>A problem's prompt as token ids, ready to prefill, and which of its candidates to sample.</summary>
/// <param name="ProblemId">The problem's id (part of every candidate's seed).</param>
/// <param name="Tokens">The prompt's token ids.</param>
/// <param name="FirstCandidate">The index of the first candidate to sample.</param>
/// <param name="Count">Candidates to sample, or null for the sampling options' samples.</param>
internal sealed record TokenPrompt(string ProblemId, IReadOnlyList<int> Tokens, int FirstCandidate = 0, int? Count = null)
{
    /// <summary>Candidates to sample, given the sampling options' default.</summary>
    public int CountOr(int samples) => Count ?? samples;

    /// <summary>The request's early stop on decoded candidates, or null.</summary>
    public Func<TokenCandidate, bool>? Enough { get; init; }

    /// <summary>Makes each row's step guard (<see cref="StepGuardDetector"/>), or null when the request has none.</summary>
    public Func<IStopDetector>? Guard { get; init; }
}
