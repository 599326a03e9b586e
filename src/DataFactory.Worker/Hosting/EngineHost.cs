using DataFactory.Core.Sampling;
using DataFactory.Inference.Chat;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Models;
using DataFactory.Inference.Runtime;
using DataFactory.Inference.Tokenization;
using DataFactory.Worker.Options;
using DataFactory.Worker.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace DataFactory.Worker.Hosting;

/// <summary>
/// The worker's one generation engine: loaded at start (so a bad model folder, an unsupported chat
/// template or an unusable execution provider fails the host at once, before any problem), fingerprinted
/// for run checks, and run off the consumer's thread because generation is synchronous, CPU- or GPU-bound
/// work. Whoever resolves it first (<see cref="WorkerStartup"/>, or the host's start in an in-process
/// run) gets the one-line <see cref="WorkerStartException"/>.
/// </summary>
public sealed class EngineHost : IDisposable
{
    private readonly GenerationEngine _engine;
    private readonly CancellationTokenSource _halt = new();

    /// <summary>Loads the model configured in <see cref="ModelOptions"/> and, when prompts go through the chat template, renders a probe conversation with it.</summary>
    /// <exception cref="WorkerStartException">The model does not load, its chat template is not supported, or the provider asked for cannot be used.</exception>
    public EngineHost(IOptions<ModelOptions> options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var model = options.Value;
        UseChatTemplate = model.UseChatTemplate;
        MaxBatchRows = model.MaxBatchRows;
        _engine = Load(model, loggers);
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

    private static GenerationEngine Load(ModelOptions model, ILoggerFactory loggers)
    {
        GenerationEngine engine;
        try
        {
            engine = new GenerationEngine(ToEngineOptions(model), loggers.CreateLogger<GenerationEngine>());
        }
        catch (ExecutionProviderException exception)
        {
            throw new WorkerStartException($"DataFactory:Model:Provider is '{model.Provider}': {exception.Message}");
        }
        catch (Exception exception) when (exception is ModelLoadException or TokenizerException or ChatTemplateException
            or OnnxRuntimeException or IOException or UnauthorizedAccessException)
        {
            throw new WorkerStartException($"the model in '{model.Directory}' does not load: {exception.Message}");
        }

        if (!model.UseChatTemplate)
        {
            return engine;
        }

        try
        {
            engine.CheckChatTemplate();
            return engine;
        }
        catch (Exception exception) when (exception is ChatTemplateException or TokenizerException or IOException or UnauthorizedAccessException)
        {
            engine.Dispose();
            throw new WorkerStartException($"the chat template of the model in '{model.Directory}' is not supported: {exception.Message}");
        }
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
    public async Task<IReadOnlyList<ProblemGeneration>> GenerateAsync(
        IReadOnlyList<GenerationRequest> requests, SamplingOptions sampling, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _halt.Token);
        return await Task.Run(() => _engine.Generate(requests, sampling, linked.Token), linked.Token);
    }

    /// <summary>
    /// Cancels the generation in progress and every later one: for a process that stops without
    /// finishing its work (<c>run --local</c> after Ctrl+C). A worker never calls it: it finishes or
    /// releases its batch in hand.
    /// </summary>
    public void Halt() => _halt.Cancel();

    /// <inheritdoc />
    public void Dispose()
    {
        _engine.Dispose();
        _halt.Dispose();
    }
}
