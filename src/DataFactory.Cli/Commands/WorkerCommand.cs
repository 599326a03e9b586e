using System.CommandLine;
using DataFactory.Cli.Settings;
using DataFactory.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataFactory.Cli.Commands;

/// <summary><c>datafactory worker</c>: hosts a worker (generic host) until stopped (Ctrl+C / SIGTERM).</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var concurrency = new Option<int?>("--concurrency") { Description = "Batches processed at once (DATAFACTORY__WORKER__CONCURRENTBATCHES)." };
        var batch = new Option<int?>("--messages-per-batch") { Description = "Messages collected into one engine batch." };
        var model = new Option<string?>("--model") { Description = "Model folder (DATAFACTORY__MODEL__DIRECTORY)." };
        var command = new Command("worker", "Host a worker: consume GenerateTraces from RabbitMQ, generate, verify and store traces.") { concurrency, batch, model };
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

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true);
            builder.Configuration.AddEnvironmentVariables();
            overrides["DataFactory:Model:Directory"] = CliSettings.ResolveModelDirectory(parse.GetValue(model), builder.Configuration);
            builder.Configuration.AddInMemoryCollection(overrides);
            builder.AddDataFactoryWorker();
            using var host = builder.Build();
            try
            {
                // Settings, model, database and broker are checked before the host starts, so that a
                // configuration error is one line and the bus is never started (nor stopped) in vain.
                await WorkerStartup.CheckAsync(host.Services, token);
                await host.RunAsync(token);
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
        }, ct));
        return command;
    }
}
