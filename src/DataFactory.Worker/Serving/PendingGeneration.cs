using System.Threading.Channels;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;

namespace DataFactory.Worker.Serving;

/// <summary>
/// A request's prompts waiting for the engine. Requests with the same <see cref="Key"/> (every sampling
/// option but the seed) share one engine call, so their candidates decode in the same forward passes.
/// </summary>
/// A streaming request also hears its tokens and finished candidates on <see cref="Events"/>, completed after the call.
internal sealed class PendingGeneration(
    string key, SamplingOptions sampling, IReadOnlyList<GenerationRequest> prompts, bool stream, CancellationToken cancellationToken)
{
    public string Key { get; } = key;

    public SamplingOptions Sampling { get; } = sampling;

    public IReadOnlyList<GenerationRequest> Prompts { get; } = prompts;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TaskCompletionSource<IReadOnlyList<ProblemGeneration>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Tokens and finished candidates as the engine decodes them (streaming requests only; else null).</summary>
    public Channel<StreamEvent>? Events { get; } = stream
        ? Channel.CreateUnbounded<StreamEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false })
        : null;

    /// <summary>Ends the request: its result (or failure) and the end of its events.</summary>
    public void Complete(IReadOnlyList<ProblemGeneration>? results, Exception? failure = null, bool cancelled = false)
    {
        Events?.Writer.TryComplete(failure);
        if (cancelled)
        {
            Done.TrySetCanceled(CancellationToken);
        }
        else if (failure is not null)
        {
            Done.TrySetException(failure);
        }
        else
        {
            Done.TrySetResult(results!);
        }
    }
}
