using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;

namespace DataFactory.Worker.Serving;

/// <summary>
/// A request's prompts waiting for the engine. Requests with the same <see cref="Key"/> (every sampling
/// option but the seed) share one engine call, so their candidates decode in the same forward passes.
/// </summary>
internal sealed class PendingGeneration(string key, SamplingOptions sampling, IReadOnlyList<GenerationRequest> prompts, CancellationToken cancellationToken)
{
    public string Key { get; } = key;

    public SamplingOptions Sampling { get; } = sampling;

    public IReadOnlyList<GenerationRequest> Prompts { get; } = prompts;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TaskCompletionSource<IReadOnlyList<ProblemGeneration>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
