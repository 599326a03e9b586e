using DataFactory.Inference.Generation;

namespace DataFactory.Worker.Serving;

/// <summary>What a streaming request hears from the engine: a token of one of its candidates, or a finished candidate.</summary>
/// <param name="Prompt">The prompt's index within the request.</param>
/// <param name="Candidate">The candidate's index within its prompt.</param>
/// <param name="TokenId">The sampled token (when <paramref name="Finished"/> is null).</param>
/// <param name="LogProbability">The token's log-probability at temperature 1.</param>
/// <param name="Finished">The finished candidate, or null for a token.</param>
internal sealed record StreamEvent(int Prompt, int Candidate, int TokenId, float LogProbability, GeneratedCandidate? Finished);
