using DataFactory.Inference.Chat;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Models;
using DataFactory.Inference.Runtime;
using DataFactory.Inference.Tokenization;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Options;
using DataFactory.Worker.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace DataFactory.Worker.Serving;

/// <summary>
/// The engine <c>serve</c> exposes: loaded at start with log-probabilities on (a request may ask for them), with
/// the model folder's fingerprint (stated in <c>/v1/models</c>, so an openai-backend worker serves the runs
/// created for the folder), its name, context and sampling defaults, and its chat template when the engine can render it.
/// </summary>
internal sealed class ServedEngine : IDisposable
{
    public ServedEngine(IOptions<ModelOptions> model, IOptions<ServeOptions> serve, ILoggerFactory loggers)
    {
        var options = model.Value;
        Directory = options.Directory;
        try
        {
            Engine = new GenerationEngine(
                EngineHost.ToEngineOptions(options) with { ComputeLogProbabilities = true },
                loggers.CreateLogger<GenerationEngine>());
        }
        catch (ExecutionProviderException exception)
        {
            throw new WorkerStartException($"DataFactory:Model:Provider is '{options.Provider}': {exception.Message}");
        }
        catch (Exception exception) when (exception is ModelLoadException or TokenizerException or ChatTemplateException
            or OnnxRuntimeException or IOException or UnauthorizedAccessException)
        {
            throw new WorkerStartException($"the model in '{options.Directory}' does not load: {exception.Message}");
        }

        try
        {
            Engine.CheckChatTemplate();
            ChatTemplate = ChatTemplate.Load(options.Directory);
        }
        catch (Exception exception) when (exception is ChatTemplateException or TokenizerException or IOException)
        {
            ChatTemplateProblem = exception.Message;
        }

        Fingerprint = ModelFingerprint.Compute(options.Directory, options.Variant);
        Root = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Directory)));
        Name = string.IsNullOrWhiteSpace(serve.Value.ServedModelName) ? Root : serve.Value.ServedModelName;
        Defaults = GenerationDefaults.Read(options.Directory);
        Created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    public GenerationEngine Engine { get; }

    public string Directory { get; }

    public string Fingerprint { get; }

    public string Name { get; }

    public string Root { get; }

    public long Created { get; }

    public GenerationDefaults Defaults { get; }

    public int ContextLength => Engine.ModelInfo.ContextLength;

    /// <summary>The chat template, or null when the engine cannot render it (<see cref="ChatTemplateProblem"/> says why).</summary>
    public ChatTemplate? ChatTemplate { get; }

    public string? ChatTemplateProblem { get; }

    public void Dispose() => Engine.Dispose();
}
