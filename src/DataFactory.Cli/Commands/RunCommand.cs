using System.CommandLine;
using System.Globalization;
using DataFactory.Cli.Local;
using DataFactory.Cli.Settings;
using DataFactory.Storage;
using DataFactory.Storage.Runs;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Options;
using DataFactory.Worker.Pipeline;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataFactory.Cli.Commands;

/// <summary>
/// <c>datafactory run --set NAME [sampling options] [--db PATH] [--local]</c>: creates a run and queues
/// its problems for the workers, or with <c>--local</c> processes it in this process.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var set = new Option<string>("--set") { Description = "Problem set to run.", Required = true };
        var sampling = new SamplingArguments();
        var store = new StoreArgument();
        var model = new Option<string?>("--model") { Description = "Model folder the workers serve (default: DATAFACTORY__MODEL__DIRECTORY or models/tiny-reasoner)." };
        var limit = new Option<int?>("--limit") { Description = "Queue only the first N problems of the set." };
        var keepFlawed = new Option<bool>("--keep-flawed") { Description = "Store flawed traces (correct final answer, a false checkable step) marked, instead of dropping them; export includes them only with --include-flawed." };
        var local = new Option<bool>("--local") { Description = "Process the run in this process (in-memory queue, the worker's pipeline, progress here) and exit when it is done; no broker needed." };
        var command = new Command("run", "Create a run over a problem set and queue its problems for the workers (or process it here with --local); prints the run id.") { set, model, limit, local, keepFlawed };
        sampling.AddTo(command);
        store.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var configuration = CliSettings.Load();
            var options = await store.OpenAsync(parse, configuration, create: false, token);
            var modelDirectory = CliSettings.ResolveModelDirectory(parse.GetValue(model), configuration);
            var request = new RunRequest
            {
                SetName = parse.GetValue(set)!,
                Model = Identity(modelDirectory),
                Sampling = sampling.Read(parse),
                MaxProblems = parse.GetValue(limit),
                KeepFlawed = parse.GetValue(keepFlawed) || configuration.GetValue<bool>("DataFactory:Curation:KeepFlawed"),
            };

            if (parse.GetValue(local))
            {
                return await RunLocalAsync(options, modelDirectory, request, token);
            }

            var broker = CliSettings.Broker(configuration);
            var worker = CliSettings.Worker(configuration);
            var run = await CreateAsync(options, request, token);
            var messages = await SendAsync(broker, run, worker.ProblemsPerMessage, token);
            await Console.Error.WriteLineAsync($"queued {run.ProblemIds.Count} problems in {messages} messages on '{broker.Queue}'");
            Console.WriteLine(run.RunId);
            return 0;
        }, ct));
        return command;
    }

    /// <summary>The run's model identity: folder name, full path and fingerprint.</summary>
    public static ModelIdentity Identity(string modelDirectory) =>
        new(Path.GetFileName(Path.TrimEndingDirectorySeparator(modelDirectory)), modelDirectory, ModelFingerprint.Compute(modelDirectory));

    /// <summary>Creates the run in the store.</summary>
    public static async Task<RunCreated> CreateAsync(StoreOptions store, RunRequest request, CancellationToken cancellationToken)
    {
        await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
        return await new RunStore(context).CreateRunAsync(request, cancellationToken);
    }

    /// <summary>One line that sums up a finished run, for the terminal.</summary>
    public static string Summary(RunSummary s) => string.Create(
        CultureInfo.InvariantCulture,
        $"run {s.RunId} {s.Status.ToString().ToLowerInvariant()}: {s.ProblemsDone} problems done, {s.ProblemsFailed} failed; {s.Candidates} candidates, {s.Verified} correct ({s.Flawed} flawed), {s.Traces} traces stored; {s.Tokens} tokens in {s.GenerationSeconds:F1} s of generation ({(s.TokensPerSecond is { } t ? t.ToString("F0", CultureInfo.InvariantCulture) : "-")} tokens/s)");

    private static async Task<int> RunLocalAsync(StoreOptions store, string modelDirectory, RunRequest request, CancellationToken cancellationToken)
    {
        // The worker (and its start checks) comes first, so that a bad model or setting leaves no run behind.
        await using var factory = await LocalFactory.StartAsync(store, modelDirectory, new Dictionary<string, string?>(), cancellationToken);
        var run = await CreateAsync(store, request, cancellationToken);
        Console.WriteLine(run.RunId);
        var summary = await factory.ProcessAsync(run, RunProgress.OnConsole($"run {request.SetName}"), cancellationToken);
        await Console.Error.WriteLineAsync(Summary(summary));
        return 0;
    }

    private static async Task<int> SendAsync(BrokerOptions broker, RunCreated run, int problemsPerMessage, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(broker));
        builder.Services.AddDataFactoryBus(broker);
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
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
