using DataFactory.Core.Sampling;
using DataFactory.Inference.Runtime;

namespace DataFactory.Cli.Commands;

/// <summary>What <c>bench generate</c> was asked to measure.</summary>
internal sealed record BenchSettings(
    EngineOptions Engine,
    IReadOnlyList<int> Problems,
    SamplingOptions Sampling,
    bool Chat,
    string Output,
    string? TransformersJs,
    int SamplingVocabulary,
    int Repetitions,
    IReadOnlyList<int> TransformersJsBatchRows);
