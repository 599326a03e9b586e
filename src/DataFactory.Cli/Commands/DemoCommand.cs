using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataFactory.Cli.Settings;
using DataFactory.Core.Formats;
using DataFactory.Storage;
using DataFactory.Storage.Export;
using DataFactory.Storage.Runs;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Routing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataFactory.Cli.Commands;

/// <summary>
/// <c>datafactory demo</c>: the whole factory in one process with no servers: SQLite store, in-memory
/// MassTransit transport, the bundled model on CPU. Imports the bundled example sets, runs them,
/// exports <c>out/traces.jsonl</c> (chat format) and prints per family what it found.
/// </summary>
internal static class DemoCommand
{
    private static readonly string[] Families = ["arithmetic", "game24", "countdown", "cipher"];

    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder (store and traces).", DefaultValueFactory = _ => new DirectoryInfo("out") };
        var problems = new Option<int>("--problems") { Description = "Problems per family (0 = every problem of the example sets).", DefaultValueFactory = _ => 12 };
        var examples = new Option<DirectoryInfo?>("--examples") { Description = "Folder with arithmetic/game24/countdown/cipher .jsonl (default: the bundled examples/)." };
        var model = new Option<string?>("--model") { Description = "Model folder (default: the bundled models/tiny-reasoner)." };
        var sampling = new SamplingArguments();
        var command = new Command("demo", "Run the factory end to end in one process on the bundled model and example sets; no servers needed.") { output, problems, examples, model };
        sampling.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var configuration = CliSettings.Load();
            var modelDirectory = CliSettings.ResolveModelDirectory(parse.GetValue(model), configuration);
            var examplesDirectory = parse.GetValue(examples)?.FullName ?? ResolveExamples();
            var report = await RunAsync(
                new DemoSettings(parse.GetValue(output)!.FullName, examplesDirectory, modelDirectory, parse.GetValue(problems), sampling.Read(parse)),
                Console.Error,
                token);
            Console.Write(report);
            return 0;
        }, ct));
        return command;
    }

    /// <summary>Runs the demo and returns the per-family report.</summary>
    public static async Task<string> RunAsync(DemoSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        var database = Path.Combine(settings.OutputDirectory, "demo.db");
        foreach (var stale in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(stale);
        }

        var store = new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={database}" };
        await MigrateCommand.MigrateAsync(store, cancellationToken);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        // Environment variables (OTEL_EXPORTER_OTLP_ENDPOINT for telemetry, engine threads) apply; the demo's own settings below win.
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataFactory:Model:Directory"] = settings.ModelDirectory,
            ["DataFactory:Model:Variant"] = string.Empty,
            ["DataFactory:Model:Provider"] = "cpu",
            ["DataFactory:Database:Provider"] = "sqlite",
            ["DataFactory:Database:ConnectionString"] = store.ConnectionString,
            ["DataFactory:Broker:Transport"] = "in-memory",
            ["DataFactory:Worker:MessagesPerBatch"] = "4",
            ["DataFactory:Worker:ProblemsPerMessage"] = "1",
        });
        builder.AddDataFactoryWorker();
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            var runs = new List<(string Family, Guid RunId, TimeSpan Elapsed)>();
            var summaries = new Dictionary<Guid, RunSummary>();
            var solved = new Dictionary<Guid, int>();
            var model = RunCommand.Identity(settings.ModelDirectory, null);
            var bus = host.Services.GetRequiredService<IBus>();

            // One family at a time, so that each family's tokens/s is its own wall-clock rate.
            foreach (var family in Families)
            {
                var file = Path.Combine(settings.ExamplesDirectory, family + ".jsonl");
                await ImportCommand.ImportAsync(store, file, family, new ImportOptions(), cancellationToken);
                RunCreated run;
                await using (var context = new DataFactoryDbContext(store.ToDbContextOptions()))
                {
                    run = await new RunStore(context).CreateRunAsync(
                        new RunRequest { SetName = family, Model = model, Sampling = settings.Sampling, MaxProblems = settings.ProblemsPerFamily > 0 ? settings.ProblemsPerFamily : null },
                        cancellationToken);
                }

                var familyClock = Stopwatch.StartNew();
                await RunQueue.SendAsync(bus, ModelQueue.For("generate-traces", model.Hash), run.RunId, run.ProblemIds, 1, null, cancellationToken);
                summaries[run.RunId] = await WaitAsync(store, family, run.RunId, progress, cancellationToken);
                await using (var context = new DataFactoryDbContext(store.ToDbContextOptions()))
                {
                    solved[run.RunId] = await new RunStore(context).CountSolvedAsync(run.RunId, cancellationToken);
                }

                runs.Add((family, run.RunId, familyClock.Elapsed));
            }

            var tracesPath = Path.Combine(settings.OutputDirectory, "traces.jsonl");
            await ExportAllAsync(store, runs.Select(r => (r.Family, r.RunId)).ToList(), tracesPath, cancellationToken);
            return Report(runs, summaries, solved, settings.Sampling.Samples, tracesPath, clock.Elapsed);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<RunSummary> WaitAsync(
        StoreOptions store, string family, Guid runId, TextWriter progress, CancellationToken cancellationToken)
    {
        var interactive = ReferenceEquals(progress, Console.Error) && !Console.IsErrorRedirected;
        var lastLine = string.Empty;
        while (true)
        {
            RunSummary summary;
            await using (var context = new DataFactoryDbContext(store.ToDbContextOptions()))
            {
                summary = await new RunStore(context).GetRunAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"Run {runId} vanished.");
            }

            var finished = summary.ProblemsDone + summary.ProblemsFailed;
            var line = string.Create(CultureInfo.InvariantCulture, $"demo {family}: {finished}/{summary.ProblemsTotal} problems, {summary.Candidates} candidates, {summary.Traces} verified traces");
            if (line != lastLine)
            {
                await progress.WriteAsync(interactive ? "\r" + line : line + Environment.NewLine);
                lastLine = line;
            }

            if (finished >= summary.ProblemsTotal)
            {
                if (interactive)
                {
                    await progress.WriteLineAsync();
                }

                return summary;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task ExportAllAsync(StoreOptions store, List<(string Family, Guid RunId)> runs, string path, CancellationToken cancellationToken)
    {
        var partial = path + ".partial";
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (var (family, runId) in runs)
            {
                await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
                await new TraceExporter(context).ExportAsync(file, new ExportOptions { SetName = family, RunId = runId, Format = ExportFormat.Chat }, null, cancellationToken);
            }
        }

        File.Move(partial, path, overwrite: true);
    }

    private static string Report(
        List<(string Family, Guid RunId, TimeSpan Elapsed)> runs,
        IReadOnlyDictionary<Guid, RunSummary> summaries,
        IReadOnlyDictionary<Guid, int> solved,
        int samples,
        string tracesPath,
        TimeSpan elapsed)
    {
        var text = new System.Text.StringBuilder();
        var passAtN = $"pass@{samples}";
        text.AppendLine(CultureInfo.InvariantCulture, $"{"family",-11} {"problems",8} {"failed",6} {"candidates",10} {"correct",8} {"traces",7} {"pass@1",7} {passAtN,8} {"tokens/s",9}");
        foreach (var (family, runId, familyElapsed) in runs)
        {
            var s = summaries[runId];
            var tokensPerSecond = familyElapsed > TimeSpan.Zero ? s.Tokens / familyElapsed.TotalSeconds : 0;
            var passAt1 = s.Candidates == 0 ? 0 : (double)s.Verified / s.Candidates;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{family,-11} {s.ProblemsTotal,8} {s.ProblemsFailed,6} {s.Candidates,10} {s.Verified,8} {s.Traces,7} {passAt1,7:P1} {(s.ProblemsDone == 0 ? 0 : (double)solved[runId] / s.ProblemsDone),8:P1} {tokensPerSecond,9:F0}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"wrote {summaries.Values.Sum(s => s.Traces)} verified traces to {tracesPath} in {elapsed.TotalSeconds:F1}s");
        return text.ToString();
    }

    private static string ResolveExamples()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "examples", "game24.jsonl")))
            {
                return Path.Combine(dir.FullName, "examples");
            }
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "examples", "game24.jsonl")))
            {
                return Path.Combine(dir.FullName, "examples");
            }
        }

        throw new CliException("the bundled examples/ folder was not found; pass --examples DIR.");
    }
}
