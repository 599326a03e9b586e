using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataFactory.Benchmarks.Storage;
using DataFactory.Core.Formats;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;
using DataFactory.Storage.Import;
using DataFactory.Storage.Runs;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Options;
using DataFactory.Worker.Pipeline;
using DataFactory.Worker.Routing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataFactory.Benchmarks.Pipeline;

/// <summary>
/// `pipeline`: the same workload (problems × candidates, same seed, so the same tokens) once through the
/// engine alone and once through the factory (RabbitMQ → batch consumer → engine → verifier → curator →
/// PostgreSQL transaction → ack), in one process on the same cores. The difference is the pipeline's cost.
/// Each round takes problems no earlier round had (its own slice of the file, imported as its own set), so
/// the factory's write path stores new traces in every round; the two sides alternate which goes first.
/// Options: --postgres CS, --rabbitmq URI, --model DIR, --file JSONL (examples/arithmetic.jsonl),
/// --problems N per round (64), --samples N (16), --max-tokens N (256), --rounds N (3), --sessions N (1): the whole
/// measurement N times, each in a fresh database with a fresh worker host (so every session's write path stores new
/// traces), the rounds of all sessions pooled into one median: rounds of a few seconds on a shared machine vary far
/// more than the 5 % the figure is judged against, and more rounds are what narrows the median.
/// </summary>
public static class PipelineBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var root = ResultsFile.RepositoryRoot();
        var model = Path.GetFullPath(options.Get("model") ?? Path.Combine(root, "models", "tiny-reasoner"));
        var file = Path.GetFullPath(options.Get("file") ?? Path.Combine(root, "examples", "arithmetic.jsonl"));
        var problems = options.Int("problems", 64);
        var rounds = options.Int("rounds", 3);
        var sessions = Math.Max(1, options.Int("sessions", 1));
        var rabbit = options.Get("rabbitmq") ?? Environment.GetEnvironmentVariable("DATAFACTORY_TEST_RABBITMQ")
            ?? throw new InvalidOperationException("Give --rabbitmq <amqp URI> or set DATAFACTORY_TEST_RABBITMQ (`source tests/services.sh start`).");
        var sampling = new SamplingOptions
        {
            Samples = options.Int("samples", 16),
            MaxNewTokens = options.Int("max-tokens", 256),
            Temperature = 0.8f,
            Seed = 20261123,
        };
        var modelOptions = new ModelOptions { Directory = model, Provider = "cpu" };
        var ct = CancellationToken.None;
        var loadBefore = ResultsFile.LoadAverage();
        var startedAt = DateTime.UtcNow;
        var commit = ResultsFile.Commit();

        var read = ProblemFileReader.Read(file, new ImportOptions());
        if (read.Problems.Count < problems * rounds)
        {
            throw new InvalidOperationException(
                $"{file} has {read.Problems.Count} problems; {rounds} rounds of {problems} distinct problems need {problems * rounds} (lower --problems or --rounds).");
        }

        var identity = new ModelIdentity(Path.GetFileName(model), model, ModelFingerprint.Compute(model, null));
        var rows = new List<PipelineRound>();
        BrokerOptions broker = null!;
        WorkerOptions worker = null!;
        var batchProblems = 0;
        using var engine = new GenerationEngine(EngineHost.ToEngineOptions(modelOptions), NullLogger.Instance);
        for (var session = 0; session < sessions; session++)
        {
            await using var database = await BenchDatabase.CreateAsync(options.Postgres(), ct);
            var runs = new List<RunCreated>();
            var slices = new List<GenerationRequest[]>();
            for (var round = 0; round < rounds; round++)
            {
                // Each round its own problems: a round that met problems already solved would find most traces stored
                // (deduplicated by problem and text) and the write path would do almost nothing.
                var slice = read.Problems.Skip(round * problems).Take(problems).ToArray();
                await using var context = database.CreateContext();
                await new ProblemSetStore(context).ImportAsync($"bench-{round}", slice, ct);
                runs.Add(await new RunStore(context).CreateRunAsync(new RunRequest
                {
                    SetName = $"bench-{round}",
                    Model = identity,
                    Sampling = sampling,
                }, ct));
                slices.Add(slice.Select(p => new GenerationRequest(p.Id, p.Prompt, modelOptions.UseChatTemplate)).ToArray());
            }

            // A queue of its own on the shared broker; the name it is sent to is read back from the worker host below.
            using var host = BuildWorkerHost(database.Options.ConnectionString, rabbit, $"bench-pipeline-{Guid.NewGuid():N}"[..28], modelOptions);
            Console.Error.WriteLine("pipeline: starting the worker host (model load and warm-up are not timed)");
            await host.StartAsync(ct);

            // The queue and batch shape the worker host itself was configured with, read the way `run --local` reads them.
            broker = host.Services.GetRequiredService<IOptions<BrokerOptions>>().Value;
            worker = host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value;
            var bus = host.Services.GetRequiredService<IBus>();
            batchProblems = worker.ProblemsPerMessage * worker.MessagesPerBatch;
            engine.Generate(slices[0][..1], sampling with { MaxNewTokens = 8 }, ct);

            for (var round = 0; round < rounds; round++)
            {
                TimeSpan engineTime = default;
                TimeSpan factoryTime = default;
                long engineTokens = 0;
                RunSummary? summary = null;

                async Task EngineSide()
                {
                    var clock = Stopwatch.StartNew();
                    foreach (var chunk in slices[round].Chunk(batchProblems))
                    {
                        engineTokens += engine.Generate(chunk, sampling, ct).Sum(g => g.Candidates.Sum(c => (long)c.TokenCount));
                    }

                    engineTime = clock.Elapsed;
                    Console.Error.WriteLine($"pipeline: session {session + 1}/{sessions} round {round + 1}/{rounds} engine alone {engineTime.TotalSeconds:N2} s, {engineTokens:N0} tokens");
                    await Task.CompletedTask;
                }

                async Task FactorySide()
                {
                    var run = runs[round];
                    var clock = Stopwatch.StartNew();
                    await RunQueue.SendAsync(bus, ModelQueue.For(broker.Queue, identity.Hash), run.RunId, run.ProblemIds, worker.ProblemsPerMessage, null, ct);
                    summary = await WaitForRunAsync(database, run.RunId, ct);
                    factoryTime = clock.Elapsed;
                    Console.Error.WriteLine($"pipeline: session {session + 1}/{sessions} round {round + 1}/{rounds} factory {factoryTime.TotalSeconds:N2} s, {summary.Tokens:N0} tokens, {summary.Traces:N0} traces");
                }

                // Alternate which side goes first, so a drift in the machine's load does not favour one side.
                if (round % 2 == 0)
                {
                    await EngineSide();
                    await FactorySide();
                }
                else
                {
                    await FactorySide();
                    await EngineSide();
                }

                rows.Add(new PipelineRound(session + 1, round + 1, round % 2 == 0 ? "engine" : "factory", engineTime, factoryTime, engineTokens, summary!));
            }

            await host.StopAsync(ct);
        }

        var overheads = rows.Select(r => r.Overhead).ToArray();
        var medianOverhead = Spread.Median(overheads);
        var sameTokens = rows.All(r => r.SameTokens);
        var report = new StringBuilder()
            .AppendLine("# Pipeline overhead: the factory versus the engine alone")
            .AppendLine()
            .AppendLine($"Command: `source tests/services.sh start && dotnet run -c Release --project tests/DataFactory.Benchmarks -- pipeline{(args.Length == 0 ? "" : " " + string.Join(' ', args))}`")
            .AppendLine()
            .AppendLine($"- Date: {startedAt:yyyy-MM-dd HH:mm} UTC; commit {commit}")
            .AppendLine($"- Machine: {StorageReport.Machine()}; load average before {loadBefore}, at the end {ResultsFile.LoadAverage()} (the machine is shared with other builds; both sides ran under the same load, alternately)")
            .AppendLine($"- Model: `{Path.GetRelativePath(root, model)}` on {engine.ExecutionProviderName}; problems: `{Path.GetRelativePath(root, file)}`, {problems} distinct problems per round " +
                $"(round r takes problems {problems}·(r−1)+1 … {problems}·r, imported as its own set), so every round's write path stores new traces")
            .AppendLine($"- Workload per round: {problems} problems × {sampling.Samples} candidates, at most {sampling.MaxNewTokens} new tokens, temperature {sampling.Temperature.ToString(CultureInfo.InvariantCulture)}, seed {sampling.Seed}; " +
                $"engine batches of {batchProblems} problems (the worker's {worker.ProblemsPerMessage} problems per message × {worker.MessagesPerBatch} messages per batch); queue `{ModelQueue.For(broker.Queue, identity.Hash)}` (the model's queue under the worker host's base queue, as `run` sends)")
            .AppendLine("- Engine alone: `GenerationEngine.Generate` over the same batches, nothing else. Factory: the run's messages sent to RabbitMQ, consumed by the worker host " +
                "(batch consumer, engine, verifier, curator, one PostgreSQL transaction per batch, ack), timed until the run's last problem is recorded. " +
                "The worker host and the engine live in this process; model load and warm-up are not timed.")
            .AppendLine($"- Sessions: {sessions} (each a fresh database and worker host over the same problems; the median pools the rounds of all sessions). Rounds per session: {rounds}; in each the two sides run the same problems one after the other, the first side alternating (engine first in odd rounds, factory first in even ones). " +
                "Overhead = factory time / engine time − 1 within a round; the figure is the median over rounds, with min–max. " +
                "The worker's engine time is the run's generation seconds as the store counts them (each batch's engine time), so factory time minus it is what the pipeline around the engine took.")
            .AppendLine()
            .AppendLine("| session | round | first | engine alone (s) | factory (s) | of which the worker's engine (s) | tokens (engine / factory) | traces stored | candidates | overhead |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Session} | {row.Round} | {row.First} | {row.Engine.TotalSeconds:N2} | {row.Factory.TotalSeconds:N2} | {row.Summary.GenerationSeconds:N2} | {row.EngineTokens:N0} / {row.Summary.Tokens:N0} | {row.Summary.Traces:N0} | {row.Summary.Candidates:N0} | {row.Overhead * 100:+0.0;−0.0} % |");
        }

        report
            .AppendLine()
            .AppendLine($"- Engine alone: median {Spread.Describe(rows.Select(r => r.Engine.TotalSeconds).ToArray(), "N2")} s; factory: median {Spread.Describe(rows.Select(r => r.Factory.TotalSeconds).ToArray(), "N2")} s " +
                $"(rounds differ in their problems, so compare within a round)")
            .AppendLine($"- **Extra wall time of the factory: median {medianOverhead * 100:N1} % (min–max {overheads.Min() * 100:N1} … {overheads.Max() * 100:N1} %)** (target ≤ 5 %: {(medianOverhead <= 0.05 ? "met" : "NOT met")}).")
            .AppendLine($"- Same tokens on both sides in every round (seeded sampling): {(sameTokens ? "yes" : "NO (see the table)")}.");
        var path = ResultsFile.Write("pipeline", report.ToString());
        Console.WriteLine(report);
        Console.Error.WriteLine($"pipeline: figures written to {path}");
        return sameTokens ? 0 : 1;
    }

    private static IHost BuildWorkerHost(string connectionString, string rabbit, string queue, ModelOptions model)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataFactory:Database:Provider"] = "postgres",
            ["DataFactory:Database:ConnectionString"] = connectionString,
            ["DataFactory:Broker:Transport"] = "rabbitmq",
            ["DataFactory:Broker:Host"] = rabbit,
            ["DataFactory:Broker:Queue"] = queue,
            ["DataFactory:Model:Directory"] = model.Directory,
            ["DataFactory:Model:Provider"] = model.Provider,
        });
        builder.Logging.AddFilter(level => level >= LogLevel.Warning).AddSimpleConsole();
        builder.AddDataFactoryWorker();
        return builder.Build();
    }

    private static async Task<RunSummary> WaitForRunAsync(BenchDatabase database, Guid runId, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(30);
        while (true)
        {
            await using var context = database.CreateContext();
            var run = await new RunStore(context).GetRunAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"run {runId} vanished");
            if (run.ProblemsDone + run.ProblemsFailed >= run.ProblemsTotal)
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"run {runId}: {run.ProblemsDone + run.ProblemsFailed} of {run.ProblemsTotal} problems after 30 minutes");
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
