using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;

namespace DataFactory.Inference.Backends.Onnx;

/// <summary>The in-process engine behind <see cref="IGenerationBackend"/>: generation runs on a pool thread, off the caller's.</summary>
/// <param name="engine">The loaded engine (owned by the caller).</param>
public sealed class OnnxBackend(GenerationEngine engine) : IGenerationBackend
{
    /// <summary>The engine.</summary>
    public GenerationEngine Engine { get; } = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <inheritdoc />
    public string ProviderName => Engine.ExecutionProviderName;

    /// <inheritdoc />
    public Task<IReadOnlyList<ProblemGeneration>> GenerateAsync(
        IReadOnlyList<GenerationRequest> requests, SamplingOptions sampling, CancellationToken cancellationToken) =>
        Task.Run(() => Engine.Generate(requests, sampling, cancellationToken), cancellationToken);
}
