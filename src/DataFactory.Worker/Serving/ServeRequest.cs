using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;

namespace DataFactory.Worker.Serving;

/// <summary>A completion or chat request read and checked: its prompts, sampling (with <c>n</c> as the samples), seed and output options.</summary>
internal sealed record ServeRequest(
    bool Chat,
    IReadOnlyList<GenerationRequest> Prompts,
    SamplingOptions Sampling,
    long Seed,
    bool LogProbs,
    bool Stream,
    bool IncludeUsage);
