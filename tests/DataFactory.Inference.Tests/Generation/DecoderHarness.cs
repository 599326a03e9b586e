using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Inference.Tests.Generation;

/// <summary>A decoder over a fixture model, driven on token ids.</summary>
internal sealed class DecoderHarness : IDisposable
{
    public DecoderHarness(string modelDirectory, int maxBatchRows = 64, int prefillChunk = 0, bool logProbs = false, bool continuous = true, int cohorts = 4, string? modelFile = null)
    {
        var options = new EngineOptions
        {
            ModelDirectory = modelDirectory,
            ModelFileName = modelFile,
            Provider = ExecutionProvider.Cpu,
            IntraOpThreads = 1,
            MaxBatchRows = maxBatchRows,
            PrefillChunkTokens = prefillChunk,
            ComputeLogProbabilities = logProbs,
            ContinuousBatching = continuous,
            ContinuousCohorts = cohorts,
        };
        Model = DecoderModel.Load(options, NullLogger.Instance);
        Stats = new StatsAccumulator();
        Decoder = new BatchDecoder(Model, options, Stats, NullLogger.Instance);
    }

    public DecoderModel Model { get; }

    public StatsAccumulator Stats { get; }

    public BatchDecoder Decoder { get; }

    public IReadOnlyList<IReadOnlyList<TokenCandidate>> Decode(
        IReadOnlyList<TokenPrompt> prompts,
        SamplingOptions sampling,
        Func<IStopDetector?>? stops = null,
        IReadOnlySet<int>? eos = null) =>
        Decoder.Decode(prompts, sampling, eos ?? Model.Info.EosTokenIds, stops ?? (() => null), observer: null, CancellationToken.None);

    public void Dispose() => Model.Dispose();
}
