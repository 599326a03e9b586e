using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Runtime;
using DataFactory.Worker.Options;
using DataFactory.Worker.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Hosting;

/// <summary>
/// The worker's one generation engine: loaded at start (so a bad model folder fails the host at
/// once), fingerprinted for run checks, and run off the consumer's thread because generation is
/// synchronous, CPU- or GPU-bound work.
/// </summary>
public sealed class EngineHost : IDisposable
{
    private readonly GenerationEngine _engine;

    /// <summary>Loads the model configured in <see cref="ModelOptions"/>.</summary>
    public EngineHost(IOptions<ModelOptions> options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var model = options.Value;
        UseChatTemplate = model.UseChatTemplate;
        MaxBatchRows = model.MaxBatchRows;
        _engine = new GenerationEngine(ToEngineOptions(model), loggers.CreateLogger<GenerationEngine>());
        Fingerprint = ModelFingerprint.Compute(model.Directory, model.Variant);
        ModelName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(model.Directory)));
    }

    /// <summary>The loaded engine.</summary>
    public GenerationEngine Engine => _engine;

    /// <summary>The <see cref="ModelFingerprint"/> of the model folder and the variant loaded.</summary>
    public string Fingerprint { get; }

    /// <summary>The model folder's name.</summary>
    public string ModelName { get; }

    /// <summary>Whether prompts go through the chat template.</summary>
    public bool UseChatTemplate { get; }

    /// <summary>Most sequences decoded in one forward pass (the denominator of batch occupancy).</summary>
    public int MaxBatchRows { get; }

    /// <summary>The execution provider in use.</summary>
    public string ProviderName => _engine.ExecutionProviderName;

    /// <summary>Maps configuration to engine options.</summary>
    public static EngineOptions ToEngineOptions(ModelOptions model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new EngineOptions
        {
            ModelDirectory = model.Directory,
            ModelFileName = string.IsNullOrWhiteSpace(model.Variant) ? null : model.Variant,
            Provider = SettingsValidator.ParseProvider(model.Provider) ?? ExecutionProvider.Auto,
            IntraOpThreads = model.IntraOpThreads,
            CudaDeviceId = model.CudaDeviceId,
            MaxBatchRows = model.MaxBatchRows,
        };
    }

    /// <summary>Null when the prompt fits the context with room to generate; else the reason to fail the problem.</summary>
    public string? CheckPrompt(string problemId, string prompt, int maxNewTokens)
    {
        var tokens = _engine.EncodePrompt(new GenerationRequest(problemId, prompt, UseChatTemplate)).Count;
        var context = _engine.ModelInfo.ContextLength;
        return tokens < context
            ? null
            : $"prompt of problem '{problemId}' is {tokens} tokens; the model's context is {context} (max new tokens {maxNewTokens})";
    }

    /// <summary>Generates on a pool thread so the consumer's thread is not blocked.</summary>
    public Task<IReadOnlyList<ProblemGeneration>> GenerateAsync(
        IReadOnlyList<GenerationRequest> requests, SamplingOptions sampling, CancellationToken cancellationToken) =>
        Task.Run(() => _engine.Generate(requests, sampling, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();
}
