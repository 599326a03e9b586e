using System.CommandLine;
using DataFactory.Cli.Settings;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace DataFactory.Cli.Serve;

/// <summary>
/// <c>datafactory serve</c>: the in-process engine as an OpenAI-compatible server (<c>/v1/models</c>,
/// <c>/v1/completions</c>, <c>/v1/chat/completions</c>), with <c>/metrics</c> and <c>/health</c>, until stopped.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Model folder (DATAFACTORY__MODEL__DIRECTORY)." };
        var urls = new Option<string?>("--urls") { Description = "Where to listen, ';'-separated (DATAFACTORY__SERVE__URLS; default http://127.0.0.1:8000). Beyond loopback only with an API key." };
        var apiKey = new Option<string?>("--api-key") { Description = "Key clients send as 'Authorization: Bearer KEY' (DATAFACTORY__SERVE__APIKEY); never logged." };
        var name = new Option<string?>("--served-model-name") { Description = "The model's name in /v1/models (default the folder's name)." };
        var command = new Command("serve", "Serve the model through an OpenAI-compatible API (/v1/models, /v1/completions, /v1/chat/completions) with /metrics and /health.")
        {
            model, urls, apiKey, name,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true);
            builder.Configuration.AddEnvironmentVariables();
            var overrides = new Dictionary<string, string?>
            {
                ["DataFactory:Model:Directory"] = CliSettings.ResolveModelDirectory(parse.GetValue(model), builder.Configuration),
                ["DataFactory:Model:Backend"] = "onnx",
            };
            if (parse.GetValue(urls) is { } u)
            {
                overrides["DataFactory:Serve:Urls"] = u;
            }

            if (parse.GetValue(apiKey) is { } key)
            {
                overrides["DataFactory:Serve:ApiKey"] = key;
            }

            if (parse.GetValue(name) is { } n)
            {
                overrides["DataFactory:Serve:ServedModelName"] = n;
            }

            builder.Configuration.AddInMemoryCollection(overrides);
            builder.AddDataFactoryServe();
            await using var app = builder.Build();
            app.MapDataFactoryServe();
            try
            {
                app.CheckDataFactoryServe();
                await HostingAbstractionsHostExtensions.RunAsync(app, token);
            }
            catch (WorkerStartException e)
            {
                throw new CliException(e.Message);
            }

            return 0;
        }, ct, handleSignals: false));
        return command;
    }
}
