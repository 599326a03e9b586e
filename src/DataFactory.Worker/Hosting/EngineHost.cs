using DataFactory.Core.Sampling;
using DataFactory.Inference.Backends;
using DataFactory.Inference.Backends.Onnx;
using DataFactory.Inference.Backends.OpenAi;
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
/// The worker's one generation backend: the in-process engine (loaded at start, so a bad model folder, an
/// unsupported chat template or an unusable execution provider fails the host at once, before any problem)
/// or an OpenAI-compatible server (asked at start which model it serves, so an unreachable server or another
/// model fails the start). Either way it is fingerprinted for run checks and queues. Whoever resolves it first
/// (<see cref="WorkerStartup"/>, or the host's start in an in-process run) gets the one-line <see cref="WorkerStartException"/>.
/// </summary>
public sealed class EngineHost : IDisposable
{
    private readonly GenerationEngine? _engine;
    private readonly IGenerationBackend _backend;
    private readonly CancellationTokenSource _halt = new();

    /// <summary>Loads the model (or reaches the server) configured in <see cref="ModelOptions"/> and, when prompts go through the chat template, renders a probe conversation with it.</summary>
    /// <exception cref="WorkerStartException">The model does not load, its chat template is not supported, the provider asked for cannot be used, or the server cannot be reached or serves another model.</exception>
    public EngineHost(IOptions<ModelOptions> options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var model = options.Value;
        UseChatTemplate = model.UseChatTemplate;
        MaxBatchRows = model.MaxBatchRows;
        if (model.IsOpenAi)
        {
            var server = Connect(model, loggers);
            _backend = server;
            Fingerprint = server.Model.Fingerprint;
            ModelName = server.Model.Name;
            return;
        }

        _engine = Load(model, loggers);
        _backend = new OnnxBackend(_engine);
        Fingerprint = ModelFingerprint.Compute(model.Directory, model.Variant);
        ModelName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(model.Directory)));
    }

    /// <summary>The loaded in-process engine, or null on the openai backend.</summary>
    public GenerationEngine? Engine => _engine;

    /// <summary>The backend candidates come from.</summary>
    public IGenerationBackend Backend => _backend;

    /// <summary>The <see cref="ModelFingerprint"/> of the model folder and the variant loaded, or the served model's (<see cref="ServedModelIdentity.Fingerprint"/>).</summary>
    public string Fingerprint { get; }

    /// <summary>The model folder's name, or the served model's.</summary>
    public string ModelName { get; }

    /// <summary>Whether prompts go through the chat template.</summary>
    public bool UseChatTemplate { get; }

    /// <summary>Most sequences decoded in one forward pass (the denominator of batch occupancy).</summary>
    public int MaxBatchRows { get; }

    /// <summary>The execution provider in use, or <c>openai</c>.</summary>
    public string ProviderName => _backend.ProviderName;
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
            ContinuousBatching = model.ContinuousBatching,
        };
    }

    private static OpenAiBackend Connect(ModelOptions model, ILoggerFactory loggers)
    {
        var server = model.OpenAi;
        ChatTemplate? template = null;
        Func<string, int>? countTokens = null;
        if (!string.IsNullOrWhiteSpace(model.Directory))
        {
            try
            {
                var tokenizer = TokenizerLoader.Load(model.Directory);
                countTokens = text => tokenizer.Encode(text, addSpecialTokens: false).Count;
                template = model.UseChatTemplate ? ChatTemplate.Load(model.Directory) : null;
                template?.Render([new ChatMessage("user", "What is 2 + 2?")], addGenerationPrompt: true);
            }
            catch (Exception exception) when (exception is TokenizerException or ChatTemplateException or IOException or UnauthorizedAccessException)
            {
                throw new WorkerStartException($"the model folder '{model.Directory}' of the openai backend cannot be used: {exception.Message}");
            }
        }

        try
        {
            // The host starts synchronously from the container; the server's answer is needed before any queue is chosen.
            return OpenAiBackend.ConnectAsync(server, template, countTokens, loggers.CreateLogger<OpenAiBackend>(), null, CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (GenerationBackendException exception)
        {
            throw new WorkerStartException($"DataFactory:Model:OpenAi:BaseUrl {server.ApiRoot()}: {exception.Message}");
        }
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

    /// <summary>Null when the prompt fits the context with room to generate; else the reason to fail the problem (the server judges its own prompts).</summary>
    public string? CheckPrompt(string problemId, string prompt, int maxNewTokens)
    {
        if (_engine is null)
        {
            return null;
        }

        var tokens = _engine.EncodePrompt(new GenerationRequest(problemId, prompt, UseChatTemplate)).Count;
        var context = _engine.ModelInfo.ContextLength;
        return tokens < context
            ? null
            : $"prompt of problem '{problemId}' is {tokens} tokens; the model's context is {context} (max new tokens {maxNewTokens})";
    }

    /// <summary>Generates on the backend (the engine on a pool thread, so the consumer's thread is not blocked).</summary>
    public async Task<IReadOnlyList<ProblemGeneration>> GenerateAsync(
        IReadOnlyList<GenerationRequest> requests, SamplingOptions sampling, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _halt.Token);
        return await _backend.GenerateAsync(requests, sampling, linked.Token);
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
        _engine?.Dispose();
        (_backend as IDisposable)?.Dispose();
        _halt.Dispose();
    }
}
