using DataFactory.Core.Sampling;
using DataFactory.Inference.Backends;
using DataFactory.Inference.Generation;

namespace DataFactory.Benchmarks.Backends;

/// <summary>The engine asked for the benchmark's problems under the ids (and so the seeds) that <c>serve</c> gives them, run seed 0.</summary>
internal sealed class SeededBackend(IGenerationBackend inner, IReadOnlyList<GenerationRequest> problems, IReadOnlyList<GenerationRequest> seeded) : IGenerationBackend
{
    private readonly Dictionary<string, GenerationRequest> _seeded = problems.Zip(seeded).ToDictionary(p => p.First.ProblemId, p => p.Second);

    public string ProviderName => inner.ProviderName;

    public Task<IReadOnlyList<ProblemGeneration>> GenerateAsync(IReadOnlyList<GenerationRequest> requests, SamplingOptions sampling, CancellationToken cancellationToken) =>
        inner.GenerateAsync([.. requests.Select(r => _seeded[r.ProblemId])], sampling with { Seed = 0 }, cancellationToken);
}
