namespace DataFactory.Inference.Generation;

/// <summary>
/// Hears an engine call's candidates while they are decoded, for streaming. Calls come from the decoding thread
/// (a step's rows may be sampled in parallel, so implementations must be thread-safe) and must return quickly:
/// the batch waits for them.
/// </summary>
public interface IGenerationObserver
{
    /// <summary>A candidate sampled its next token.</summary>
    /// <param name="request">The request's index in the call.</param>
    /// <param name="candidate">The candidate's index (<see cref="GeneratedCandidate.Index"/>).</param>
    /// <param name="tokenId">The sampled token, special tokens included.</param>
    /// <param name="logProbability">Its log-probability at temperature 1 when the engine computes them, else 0.</param>
    void TokenGenerated(int request, int candidate, int tokenId, float logProbability);

    /// <summary>A candidate finished: its final text (cut at a stop string), tokens and finish reason.</summary>
    /// <param name="request">The request's index in the call.</param>
    /// <param name="candidate">The finished candidate, as the call's result will hold it.</param>
    void CandidateFinished(int request, GeneratedCandidate candidate);
}
