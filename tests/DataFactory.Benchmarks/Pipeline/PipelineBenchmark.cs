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
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Benchmarks.Pipeline;

/// <summary>
/// `pipeline`: the same workload (problems × candidates, same seeds, so the same tokens) once through the
/// engine alone and once through the factory (RabbitMQ → batch consumer → engine → verifier → curator →
/// PostgreSQL transaction → ack), in one process on the same cores. The difference is the pipeline's cost.
/// Each side runs <c>--rounds</c> times alternately; the fastest round of each is compared.
/// Options: --postgres CS, --rabbitmq URI, --model DIR, --file JSONL (examples/arithmetic.jsonl),
/// --problems N (96), --samples N (16), --max-tokens N (256), --rounds N (3).
/// </summary>
public static class PipelineBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var root = ResultsFile.RepositoryRoot();
        var model = Path.GetFullPath(options.Get("model") ?? Path.Combine(root, "models", "tiny-reasoner"));
        var file = Path.GetFullPath(options.Get("file") ?? Path.Combine(root, "examples", "arithmetic.jsonl"));
        var problems = options.Int("problems", 96);
        var rounds = options.Int("rounds", 3);
        var rabbit = options.Get("rabbitmq") ?? Environment.GetEnvironmentVariable("DATAFACTORY_TEST_RABBITMQ")
            ?? throw new InvalidOperationException("Give --rabbitmq <amqp URI> or set DATAFACTORY_TEST_RABBITMQ (`source tests/services.sh start`).");
        var sampling = new SamplingOptions
        {
            Samples = options.Int("samples", 16),
            MaxNewTokens = options.Int("max-tokens", 256),
            Temperature = 0.8f,
            Seed = 20261123,
        };
        var worker = new WorkerOptions();
        var modelOptions = new ModelOptions { Directory = model, Provider = "cpu" };
        var ct = CancellationToken.None;

        await using var database = await BenchDatabase.CreateAsync(options.Postgres(), ct);
        var read = ProblemFileReader.Read(file, new ImportOptions());
        await using (var context = database.CreateContext())
        {
            await new ProblemSetStore(context).ImportAsync("bench", read.Problems, ct);
        }

        var runs = new List<RunCreated>();
        for (var round = 0; round < rounds; round++)
        {
            await using var context = database.CreateContext();
            runs.Add(await new RunStore(context).CreateRunAsync(new RunRequest
            {
                SetName = "bench",
                Model = new ModelIdentity(Path.GetFileName(model), model, ModelFingerprint.Compute(model, null)),
                Sampling = RoundSampling(sampling, round),
                MaxProblems = problems,
            }, ct));
        }

        var requests = read.Problems.Take(runs[0].ProblemIds.Count)
            .Select(p => new GenerationRequest(p.Id, p.Prompt, modelOptions.UseChatTemplate)).ToArray();
        var batchProblems = worker.ProblemsPerMessage * worker.MessagesPerBatch;

        var queue = $"bench-pipeline-{Guid.NewGuid():N}"[..28];
        using var host = BuildWorkerHost(database.Options.ConnectionString, rabbit, queue, modelOptions);
        Console.Error.WriteLine("pipeline: starting the worker host (model load and warm-up are not timed)");
        await host.StartAsync(ct);
        using var engine = new GenerationEngine(EngineHost.ToEngineOptions(modelOptions), NullLogger.Instance);
        engine.Generate(requests[..1], sampling with { MaxNewTokens = 8 }, ct);

        var engineTimes = new List<TimeSpan>();
        var pipelineTimes = new List<TimeSpan>();
        long engineTokens = 0;
        RunSummary? summary = null;
        for (var round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            engineTokens = 0;
            foreach (var chunk in requests.Chunk(batchProblems))
            {
                engineTokens += engine.Generate(chunk, RoundSampling(sampling, round), ct).Sum(g => g.Candidates.Sum(c => (long)c.TokenCount));
            }

            engineTimes.Add(clock.Elapsed);
            Console.Error.WriteLine($"pipeline: round {round + 1}/{rounds} engine alone {clock.Elapsed.TotalSeconds:N2} s, {engineTokens:N0} tokens");

            var run = runs[round];
            clock.Restart();
            await RunQueue.SendAsync(host.Services.GetRequiredService<IBus>(), queue, run.RunId, run.ProblemIds, worker.ProblemsPerMessage, null, ct);
            summary = await WaitForRunAsync(database, run.RunId, ct);
            pipelineTimes.Add(clock.Elapsed);
            Console.Error.WriteLine($"pipeline: round {round + 1}/{rounds} factory {clock.Elapsed.TotalSeconds:N2} s, {summary.Tokens:N0} tokens, {summary.Traces:N0} traces");
        }

        await host.StopAsync(ct);

        var bestEngine = engineTimes.Min();
        var bestPipeline = pipelineTimes.Min();
        var overhead = (bestPipeline.TotalSeconds / bestEngine.TotalSeconds) - 1;
        var sameTokens = summary!.Tokens == engineTokens;
        var report = new StringBuilder()
            .AppendLine("# Pipeline overhead: the factory versus the engine alone")
            .AppendLine()
            .AppendLine("Command: `source tests/services.sh start && dotnet run -c Release --project tests/DataFactory.Benchmarks -- pipeline`")
            .AppendLine()
            .AppendLine($"- Machine: {StorageReport.Machine()}; load average at the end {IngestBenchmark.LoadAverage()}")
            .AppendLine($"- Model: `{Path.GetRelativePath(root, model)}` on {engine.ExecutionProviderName}; problems: the first {requests.Length} of `{Path.GetRelativePath(root, file)}`")
            .AppendLine($"- Workload: {requests.Length} problems × {sampling.Samples} candidates, at most {sampling.MaxNewTokens} new tokens, temperature {sampling.Temperature.ToString(CultureInfo.InvariantCulture)}, seed {sampling.Seed} + round; " +
                $"engine batches of {batchProblems} problems (the worker's {worker.ProblemsPerMessage} problems per message × {worker.MessagesPerBatch} messages per batch)")
            .AppendLine("- Engine alone: `GenerationEngine.Generate` over the same batches, nothing else. Factory: the run's messages sent to RabbitMQ, consumed by the worker host " +
                "(batch consumer, engine, verifier, curator, one PostgreSQL transaction per batch, ack), timed until the run's last problem is recorded. " +
                "The worker host and the engine live in this process; model load and warm-up are not timed.")
            .AppendLine($"- Rounds: {rounds}, alternating; the fastest round of each side is compared.")
            .AppendLine()
            .AppendLine("| side | rounds (s) | fastest (s) | tokens | tokens/s |")
            .AppendLine("|---|---|---|---|---|")
            .AppendLine($"| engine alone | {Seconds(engineTimes)} | {bestEngine.TotalSeconds:N2} | {engineTokens:N0} | {engineTokens / bestEngine.TotalSeconds:N0} |")
            .AppendLine($"| factory (RabbitMQ + PostgreSQL) | {Seconds(pipelineTimes)} | {bestPipeline.TotalSeconds:N2} | {summary.Tokens:N0} | {summary.Tokens / bestPipeline.TotalSeconds:N0} |")
            .AppendLine()
            .AppendLine($"- **Extra wall time of the factory: {overhead * 100:N1} %** (target ≤ 5 %: {(overhead <= 0.05 ? "met" : "NOT met")}).")
            .AppendLine($"- Same tokens on both sides in the last round (seeded sampling): {(sameTokens ? "yes" : $"NO ({engineTokens:N0} vs {summary.Tokens:N0})")}; " +
                $"in it the factory stored {summary.Traces:N0} verified traces of {summary.Candidates:N0} candidates.");
        var path = ResultsFile.Write("pipeline", report.ToString());
        Console.WriteLine(report);
        Console.Error.WriteLine($"pipeline: figures written to {path}");
        return sameTokens ? 0 : 1;
    }

    // Each round its own seed, the same on both sides: the factory's round writes new traces (a rerun of one
    // seed would find every trace already stored and skip the writes), and both sides still make the same tokens.
    private static SamplingOptions RoundSampling(SamplingOptions sampling, int round) => sampling with { Seed = sampling.Seed + (ulong)round };

    private static string Seconds(IEnumerable<TimeSpan> times) =>
        string.Join(", ", times.Select(t => t.TotalSeconds.ToString("N2", CultureInfo.InvariantCulture)));

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
