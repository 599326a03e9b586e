using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;

namespace DataFactory.Inference.Backends;

/// <summary>
/// Where candidates come from: the in-process ONNX Runtime engine or an OpenAI-compatible server (vLLM,
/// SGLang, <c>datafactory serve</c>). The pipeline asks every backend the same way.
/// </summary>
public interface IGenerationBackend
{
    /// <summary>What the backend is, for logs and metrics (<c>CPUExecutionProvider</c>, <c>openai</c>).</summary>
    string ProviderName { get; }

    /// <summary>
    /// Samples <see cref="SamplingOptions.Samples"/> candidates (or the request's count) for every request; fewer where a
    /// request's <see cref="GenerationRequest.EarlyStop"/> said it had enough and the backend honours it.
    /// </summary>
    /// <param name="requests">Problems with their prompts; a candidate's seed derives from (run seed, problem id, index).</param>
    /// <param name="sampling">The run's sampling options.</param>
    /// <param name="cancellationToken">Cancels the problems' remaining candidates.</param>
    /// <returns>One result per request, in request order, each with its candidates in index order.</returns>
    /// <exception cref="GenerationBackendException">The backend failed; <see cref="GenerationBackendException.IsTransient"/> says whether a retry may help.</exception>
    Task<IReadOnlyList<ProblemGeneration>> GenerateAsync(
        IReadOnlyList<GenerationRequest> requests, SamplingOptions sampling, CancellationToken cancellationToken);
}
