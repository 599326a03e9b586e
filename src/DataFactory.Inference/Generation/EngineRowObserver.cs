namespace DataFactory.Inference.Generation;

/// <summary>Turns decoder rows into the caller's requests and finished candidates (text decoded and cut at a stop string).</summary>
internal sealed class EngineRowObserver(IGenerationObserver observer, Func<TokenCandidate, GeneratedCandidate> toCandidate) : IRowObserver
{
    public void Token(DecodeRow row, int token, float logProbability) =>
        observer.TokenGenerated(row.Problem, row.Candidate, token, logProbability);

    public void Finished(DecodeRow row, TokenCandidate candidate) =>
        observer.CandidateFinished(row.Problem, toCandidate(candidate));
}
