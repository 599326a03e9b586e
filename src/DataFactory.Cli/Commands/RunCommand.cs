using System.CommandLine;
using DataFactory.Cli.Settings;
using DataFactory.Storage;
using DataFactory.Storage.Runs;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Options;
using DataFactory.Worker.Pipeline;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataFactory.Cli.Commands;

/// <summary><c>datafactory run --set NAME [sampling options]</c>: creates a run and queues its problems.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var set = new Option<string>("--set") { Description = "Problem set to run.", Required = true };
        var sampling = new SamplingArguments();
        var model = new Option<string?>("--model") { Description = "Model folder the workers serve (default: DATAFACTORY__MODEL__DIRECTORY or models/tiny-reasoner)." };
        var limit = new Option<int?>("--limit") { Description = "Queue only the first N problems of the set." };
        var command = new Command("run", "Create a run over a problem set and queue its problems for the workers; prints the run id.") { set, model, limit };
        sampling.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var configuration = CliSettings.Load();
            var store = CliSettings.Store(configuration);
            var broker = CliSettings.Broker(configuration);
            var worker = CliSettings.Worker(configuration);
            var modelDirectory = CliSettings.ResolveModelDirectory(parse.GetValue(model), configuration);
            var request = new RunRequest
            {
                SetName = parse.GetValue(set)!,
                Model = Identity(modelDirectory, CliSettings.ModelVariant(configuration)),
                Sampling = sampling.Read(parse),
                MaxProblems = parse.GetValue(limit),
            };

            RunCreated run;
            await using (var context = new DataFactoryDbContext(store.ToDbContextOptions()))
            {
                run = await new RunStore(context).CreateRunAsync(request, token);
            }

            var messages = await SendAsync(broker, run, worker.ProblemsPerMessage, token);
            await Console.Error.WriteLineAsync($"queued {run.ProblemIds.Count} problems in {messages} messages on '{broker.Queue}'");
            Console.WriteLine(run.RunId);
            return 0;
        }, ct));
        return command;
    }

    /// <summary>The run's model identity: folder name, full path and the fingerprint of the folder with the variant the workers load.</summary>
    public static ModelIdentity Identity(string modelDirectory, string? variant) =>
        new(Path.GetFileName(Path.TrimEndingDirectorySeparator(modelDirectory)), modelDirectory, ModelFingerprint.Compute(modelDirectory, variant));

    private static async Task<int> SendAsync(BrokerOptions broker, RunCreated run, int problemsPerMessage, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(broker));
        builder.Services.AddDataFactoryBus(broker);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var bus = host.Services.GetRequiredService<IBus>();
            return await RunQueue.SendAsync(bus, broker.Queue, run.RunId, run.ProblemIds, problemsPerMessage, null, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
