using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataFactory.Cli.Settings;
using DataFactory.Core.Formats;
using DataFactory.Storage;
using DataFactory.Storage.Export;
using DataFactory.Storage.Runs;
using DataFactory.Cli.Local;

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
        var sampling = new SamplingArguments(defaultSeed: 1234);
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

    /// <summary>
    /// Runs the demo and returns the per-family report: the same steps as <c>import --db</c>,
    /// <c>run --local</c> and <c>export --db</c>, one family at a time, in one process.
    /// </summary>
    public static async Task<string> RunAsync(DemoSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        var database = Path.Combine(settings.OutputDirectory, "demo.db");
        foreach (var stale in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(stale);
        }

        var store = StoreArgument.Embedded(database);
        await MigrateCommand.MigrateAsync(store, cancellationToken);
        var overrides = new Dictionary<string, string?>
        {
            ["DataFactory:Model:Variant"] = string.Empty,
            ["DataFactory:Model:Provider"] = "cpu",
            ["DataFactory:Worker:MessagesPerBatch"] = "4",
            ["DataFactory:Worker:ProblemsPerMessage"] = "1",
        };
        await using var factory = await LocalFactory.StartAsync(store, settings.ModelDirectory, overrides, cancellationToken);
        var clock = Stopwatch.StartNew();
        var runs = new List<(string Family, RunSummary Summary, int Solved)>();
        var model = RunCommand.Identity(settings.ModelDirectory, variant: null);
        var interactive = ReferenceEquals(progress, Console.Error) && !Console.IsErrorRedirected;

        // One family at a time, so that each family's figures are its own.
        foreach (var family in Families)
        {
            var file = Path.Combine(settings.ExamplesDirectory, family + ".jsonl");
            await ImportCommand.ImportAsync(store, file, family, new ImportOptions(), cancellationToken);
            var run = await RunCommand.CreateAsync(
                store,
                new RunRequest { SetName = family, Model = model, Sampling = settings.Sampling, MaxProblems = settings.ProblemsPerFamily > 0 ? settings.ProblemsPerFamily : null },
                cancellationToken);
            var queueing = new RunQueueing(run.RunId, model.Hash, run.ProblemIds, run.ProblemIds);
            var summary = await factory.ProcessAsync(queueing, new RunProgress($"demo {family}", progress, interactive), cancellationToken);
            await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
            runs.Add((family, summary, await new RunStore(context).CountSolvedAsync(run.RunId, cancellationToken)));
        }

        var tracesPath = Path.Combine(settings.OutputDirectory, "traces.jsonl");
        await ExportAllAsync(store, runs.Select(r => (r.Family, r.Summary.RunId)).ToList(), tracesPath, cancellationToken);
        return Report(runs, settings.Sampling.Samples, tracesPath, clock.Elapsed);
    }

    private static async Task ExportAllAsync(StoreOptions store, List<(string Family, Guid RunId)> runs, string path, CancellationToken cancellationToken)
    {
        var partial = path + ".partial";
        try
        {
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
        finally
        {
            File.Delete(partial);
        }
    }

    private static string Report(List<(string Family, RunSummary Summary, int Solved)> runs, int samples, string tracesPath, TimeSpan elapsed)
    {
        var text = new System.Text.StringBuilder();
        var passAtN = $"pass@{samples}";
        text.AppendLine(CultureInfo.InvariantCulture, $"{"family",-11} {"problems",8} {"failed",6} {"candidates",10} {"correct",8} {"flawed",7} {"traces",7} {"pass@1",7} {passAtN,8} {"tokens/s",9}");
        foreach (var (family, s, solved) in runs)
        {
            var passAt1 = s.Candidates == 0 ? 0 : (double)s.Verified / s.Candidates;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{family,-11} {s.ProblemsTotal,8} {s.ProblemsFailed,6} {s.Candidates,10} {s.Verified,8} {s.Flawed,7} {s.Traces,7} {passAt1,7:P1} {(s.ProblemsDone == 0 ? 0 : (double)solved / s.ProblemsDone),8:P1} {s.TokensPerSecond ?? 0,9:F0}");
        }

        text.AppendLine("correct: final answer verified; flawed: of those, with a false checkable step (not stored); pass@1 counts correct over candidates");
        text.AppendLine("tokens/s: generated tokens over the engine's generation time (not counting verification and storage)");
        text.AppendLine(CultureInfo.InvariantCulture, $"wrote {runs.Sum(r => r.Summary.Traces)} verified traces to {tracesPath} in {elapsed.TotalSeconds:F1}s");
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
