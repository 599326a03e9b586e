using DataFactory.Inference.Generation;

namespace DataFactory.Worker.Serving;

/// <summary>
/// Routes one engine call's tokens and finished candidates to the streaming requests among those that share the
/// call: the call's request i is prompt i − offset of the pending request whose prompts start at offset.
/// </summary>
internal sealed class BatchStreamObserver : IGenerationObserver
{
    private readonly (PendingGeneration Item, int Offset)[] _byRequest;

    public BatchStreamObserver(IReadOnlyList<PendingGeneration> live)
    {
        var requests = new List<(PendingGeneration, int)>();
        foreach (var item in live)
        {
            var offset = requests.Count;
            requests.AddRange(item.Prompts.Select(_ => (item, offset)));
        }

        _byRequest = [.. requests];
    }

    public void TokenGenerated(int request, int candidate, int tokenId, float logProbability)
    {
        var (item, offset) = _byRequest[request];
        item.Events?.Writer.TryWrite(new StreamEvent(request - offset, candidate, tokenId, logProbability, null));
    }

    public void CandidateFinished(int request, GeneratedCandidate candidate)
    {
        var (item, offset) = _byRequest[request];
        item.Events?.Writer.TryWrite(new StreamEvent(request - offset, candidate.Index, -1, 0, candidate));
    }
}
