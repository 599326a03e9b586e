using System.CommandLine;
using DataFactory.Cli.Settings;
using DataFactory.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataFactory.Cli.Commands;

/// <summary><c>datafactory worker</c>: hosts a worker until stopped (Ctrl+C / SIGTERM), with <c>/metrics</c> and <c>/health</c> over HTTP.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var concurrency = new Option<int?>("--concurrency") { Description = "Batches processed at once (DATAFACTORY__WORKER__CONCURRENTBATCHES)." };
        var batch = new Option<int?>("--messages-per-batch") { Description = "Messages collected into one engine batch." };
        var model = new Option<string?>("--model") { Description = "Model folder (DATAFACTORY__MODEL__DIRECTORY)." };
        var urls = new Option<string?>("--urls") { Description = "Where /metrics and /health listen, ';'-separated (DATAFACTORY__TELEMETRY__URLS; default a free port, logged; the images use http://0.0.0.0:9464)." };
        var db = new StoreArgument();
        var command = new Command("worker", "Host a worker: consume GenerateTraces from RabbitMQ, generate, verify and store traces; serve /metrics and /health.") { concurrency, batch, model, urls };
        db.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(concurrency) is { } c)
            {
                overrides["DataFactory:Worker:ConcurrentBatches"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (parse.GetValue(batch) is { } b)
            {
                overrides["DataFactory:Worker:MessagesPerBatch"] = b.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (db.Path(parse) is not null)
            {
                var store = await db.OpenAsync(parse, CliSettings.Load(), create: true, token);
                overrides["DataFactory:Database:Provider"] = "sqlite";
                overrides["DataFactory:Database:ConnectionString"] = store.ConnectionString;
            }

            if (parse.GetValue(urls) is { } u)
            {
                overrides["DataFactory:Telemetry:Urls"] = u;
            }

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true);
            builder.Configuration.AddEnvironmentVariables();
            overrides["DataFactory:Model:Directory"] = CliSettings.ResolveModelDirectory(parse.GetValue(model), builder.Configuration);
            builder.Configuration.AddInMemoryCollection(overrides);
            builder.AddDataFactoryWorker();
            builder.AddDataFactoryWorkerEndpoints();
            await using var host = builder.Build();
            host.MapDataFactoryWorkerEndpoints();
            try
            {
                // Settings, model, database and broker are checked before the host starts, so that a
                // configuration error is one line and the bus is never started (nor stopped) in vain.
                await WorkerStartup.CheckAsync(host.Services, token);
                // IHost's RunAsync: WebApplication's own takes a URL, not a token.
                await HostingAbstractionsHostExtensions.RunAsync(host, token);
            }
            catch (WorkerStartException e)
            {
                throw new CliException(e.Message);
            }
            catch (OptionsValidationException e)
            {
                throw new CliException(string.Join("; ", e.Failures));
            }

            return 0;
        }, ct, handleSignals: false));
        return command;
    }
}
