using DataFactory.Inference.Backends;
using DataFactory.Inference.Backends.OpenAi;
using DataFactory.Storage.Runs;
using DataFactory.Worker.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Cli.Commands;

/// <summary>
/// The model a new run is for: the model folder (and variant) the workers load, or, with
/// <c>DataFactory:Model:Backend=openai</c>, the model the configured server serves, identified as its workers
/// identify it, so that the run's messages go to the queue those workers consume.
/// </summary>
internal static class RunModelIdentity
{
    public static async Task<ModelIdentity> ResolveAsync(string modelDirectory, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var model = configuration.GetSection(ModelOptions.Section).Get<ModelOptions>() ?? new ModelOptions();
        if (!model.IsOpenAi)
        {
            return RunCommand.Identity(modelDirectory, Settings.CliSettings.ModelVariant(configuration));
        }

        if (model.OpenAi.Validate() is { Count: > 0 } errors)
        {
            throw new Settings.CliException(string.Join("; ", errors));
        }

        try
        {
            using var server = await OpenAiBackend.ConnectAsync(model.OpenAi, null, null, NullLogger.Instance, null, cancellationToken);
            return new ModelIdentity(server.Model.Name, model.OpenAi.ApiRoot().ToString(), server.Model.Fingerprint);
        }
        catch (GenerationBackendException exception)
        {
            throw new Settings.CliException($"DataFactory:Model:OpenAi:BaseUrl {model.OpenAi.ApiRoot()}: {exception.Message}");
        }
    }
}
