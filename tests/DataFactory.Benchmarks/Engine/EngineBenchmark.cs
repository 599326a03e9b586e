using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataFactory.Benchmarks.Storage;
using DataFactory.Core.Formats;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Benchmarks.Engine;

/// <summary>
/// `engine`: the generation engine's schedulers side by side, and what a decode step costs on this machine. For each
/// workload (--workloads: example families, the first --problems of each, or "mixed", as many of each family), one
/// generate call of --samples candidates per problem through the static waves, continuous batching in one padded
/// batch (one cohort) and continuous batching with cohorts (EngineOptions.ContinuousCohorts, 4), --repetitions
/// times with the order rotating; tokens/s, rows per step, forward passes per step and the share of attended cache
/// positions that was padding. When the model folder has a shared-cache variant (onnx/model_gqa.onnx, written by
/// train/export_gqa.py: GroupQueryAttention, a length per row, one cache buffer bound as past and present), a fourth
/// engine runs it with continuous batching in one unpadded batch. Then the cost of one decode forward pass for rows ×
/// cache length, on each graph. Options: --model DIR, --workloads (arithmetic,countdown,mixed), --problems N (8),
/// --samples N (16), --max-tokens N (256), --repetitions N (5), --shared-file NAME (model_gqa), --results NAME (engine).
/// </summary>
public static class EngineBenchmark
{
    private static readonly string[] Families = ["arithmetic", "cipher", "countdown", "game24"];

    public static int Run(string[] args)
    {
        var options = new BenchArgs(args);
        var root = ResultsFile.RepositoryRoot();
        var model = Path.GetFullPath(options.Get("model") ?? Path.Combine(root, "models", "tiny-reasoner"));
        var workloads = (options.Get("workloads") ?? "arithmetic,countdown,mixed").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var problemCount = options.Int("problems", 8);
        var samples = options.Int("samples", 16);
        var maxTokens = options.Int("max-tokens", 256);
        var repetitions = options.Int("repetitions", 5);
        var resultsName = options.Get("results") ?? "engine";
        var loadBefore = ResultsFile.LoadAverage();
        var startedAt = DateTime.UtcNow;
        var commit = ResultsFile.Commit();

        var byFamily = Families.ToDictionary(
            f => f, f => ProblemFileReader.Read(Path.Combine(root, "examples", f + ".jsonl"), new ImportOptions()).Problems.ToArray());
        var baseOptions = new EngineOptions { ModelDirectory = model, Provider = ExecutionProvider.Cpu, MaxBatchRows = 64 };
        (string Name, GenerationEngine Engine)[] engines =
        [
            ("static waves (default)", new GenerationEngine(baseOptions, NullLogger.Instance)),
            ("continuous, one padded batch", new GenerationEngine(baseOptions with { ContinuousBatching = true, ContinuousCohorts = 1 }, NullLogger.Instance)),
            ($"continuous, up to {baseOptions.ContinuousCohorts} cohorts", new GenerationEngine(baseOptions with { ContinuousBatching = true }, NullLogger.Instance)),
        ];
        // The folder's shared-cache variant (GroupQueryAttention, per-row lengths, cache written in place), when it has one.
        var sharedFile = options.Get("shared-file") ?? SharedVariant;
        var shared = File.Exists(Path.Combine(model, "onnx", sharedFile + ".onnx"))
            ? baseOptions with { ModelFileName = sharedFile }
            : null;
        if (shared is not null)
        {
            engines = [.. engines, ($"continuous, shared cache ({sharedFile}.onnx)", new GenerationEngine(shared, NullLogger.Instance))];
        }

        try
        {
            var text = new StringBuilder();
            void Line(string line) => text.AppendLine(line);
            Line("# Generation engine: static waves against continuous batching");
            Line("");
            Line(string.Create(CultureInfo.InvariantCulture, $"Run {startedAt:yyyy-MM-dd HH:mm} UTC at commit {commit}; {ResultsFile.MachineDescription(withLoad: false)}; load average {loadBefore} at the start."));
            Line(string.Create(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project tests/DataFactory.Benchmarks -- engine {string.Join(' ', args)}`; model `{Path.GetRelativePath(root, model)}` on CPU, MaxBatchRows 64, {samples} candidates per problem, at most {maxTokens} new tokens, temperature 0.8; {repetitions} repetitions per workload (seed 20261206 + repetition), the order of the {engines.Length} engines rotating; one generate call each. The first three run `onnx/model.onnx`{(shared is null ? "" : $"; the last runs `onnx/{sharedFile}.onnx`, the same weights with GroupQueryAttention (per-row lengths, one cache buffer bound as past and present)")}."));
            Line("");
            Line("| workload | engine | tokens/s | vs waves (median of per-repetition ratios) | rows per step | forward passes per step | padding share of attended cache positions |");
            Line("|---|---|---|---|---|---|---|");
            foreach (var workload in workloads)
            {
                var problems = workload == "mixed"
                    ? Families.SelectMany(f => byFamily[f].Take(Math.Max(1, problemCount / Families.Length))).ToArray()
                    : byFamily.TryGetValue(workload, out var family) ? family.Take(problemCount).ToArray()
                    : throw new ArgumentException($"--workloads: unknown workload '{workload}' (families: {string.Join(", ", Families)}, or mixed)");
                var requests = problems.Select(p => new GenerationRequest(p.Id, p.Prompt, UseChatTemplate: true)).ToArray();
                var figures = engines.Select(_ => new List<GenerationStats>()).ToArray();
                for (var repetition = 0; repetition < repetitions; repetition++)
                {
                    var sampling = new SamplingOptions { Samples = samples, MaxNewTokens = maxTokens, Temperature = 0.8f, Seed = 20261206UL + (ulong)repetition };
                    for (var k = 0; k < engines.Length; k++)
                    {
                        var e = (k + repetition) % engines.Length;
                        figures[e].Add(Measure(engines[e].Engine, requests, sampling));
                    }

                    var rates = string.Join("; ", engines.Select((x, i) => string.Create(CultureInfo.InvariantCulture, $"{x.Name} {figures[i][^1].TokensPerSecond:N0} tokens/s")));
                    Console.Error.WriteLine($"engine: {workload} repetition {repetition + 1}/{repetitions}: {rates}");
                }

                for (var i = 0; i < engines.Length; i++)
                {
                    var runs = figures[i];
                    var rates = runs.Select(s => s.TokensPerSecond).ToArray();
                    var ratios = runs.Select((s, r) => s.TokensPerSecond / figures[0][r].TokensPerSecond).ToArray();
                    Line(string.Create(CultureInfo.InvariantCulture,
                        $"| {workload} ({problems.Length} × {samples}) | {engines[i].Name} | {Spread.Describe(rates, "N0")} | {(i == 0 ? "1" : Spread.Describe(ratios, "F2"))} | {runs.Average(s => s.MeanRowsPerStep):F1} | {runs.Average(s => (double)s.DecodePasses / s.DecodeSteps):F2} | {runs.Average(s => s.PaddingShare) * 100:F1} % |"));
                }
            }

            Line("");
            Line("## What one decode forward pass costs (ms), rows × cache length");
            Line("");
            Line(shared is null
                ? $"Median of {TimedPasses} passes after {WarmUpPasses} warm-up passes, one new token per row over a zero cache of the given length (all positions attended)."
                : $"Median of {TimedPasses} passes after {WarmUpPasses} warm-up passes, one new token per row over a zero cache of the given length (all positions attended); the two graphs' passes alternate, one of each in turn, so that the load hits both. `onnx/{sharedFile}.onnx`: every row holds the given length in its slot of one preallocated cache and the new position is written in place.");
            Line("");
            var lengths = new[] { 16, 64, 128, 256 };
            var rowCounts = new[] { 8, 16, 32, 64 };
            using var decoder = DecoderModel.Load(baseOptions, NullLogger.Instance);
            using var sharedDecoder = shared is null ? null : DecoderModel.Load(shared, NullLogger.Instance);
            var standardCosts = new double[rowCounts.Length][];
            var sharedCosts = new double[rowCounts.Length][];
            for (var r = 0; r < rowCounts.Length; r++)
            {
                standardCosts[r] = new double[lengths.Length];
                sharedCosts[r] = new double[lengths.Length];
                for (var l = 0; l < lengths.Length; l++)
                {
                    using var standardPass = new StandardPass(decoder, rowCounts[r], lengths[l]);
                    using var sharedPass = sharedDecoder is null ? null : new SharedPass(sharedDecoder, rowCounts[r], lengths[l]);
                    var medians = Timed(sharedPass is null ? [standardPass.Run] : [standardPass.Run, sharedPass.Run]);
                    standardCosts[r][l] = medians[0];
                    sharedCosts[r][l] = sharedPass is null ? double.NaN : medians[1];
                }

                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine: pass cost at {rowCounts[r]} rows: {string.Join(", ", standardCosts[r].Select(c => c.ToString("F2", CultureInfo.InvariantCulture)))} ms{(shared is null ? "" : $"; shared cache {string.Join(", ", sharedCosts[r].Select(c => c.ToString("F2", CultureInfo.InvariantCulture)))} ms")}"));
            }

            void Table(double[][] costs)
            {
                Line("| rows | " + string.Join(" | ", lengths.Select(l => $"length {l}")) + " | per row at length 16 | per row at length 256 |");
                Line("|---|" + string.Concat(lengths.Select(_ => "---|")) + "---|---|");
                for (var r = 0; r < rowCounts.Length; r++)
                {
                    Line(string.Create(CultureInfo.InvariantCulture, $"| {rowCounts[r]} | {string.Join(" | ", costs[r].Select(c => c.ToString("F2", CultureInfo.InvariantCulture)))} | {costs[r][0] / rowCounts[r]:F3} | {costs[r][^1] / rowCounts[r]:F3} |"));
                }
            }

            Table(standardCosts);
            if (shared is not null)
            {
                Line("");
                Line($"The same passes on `onnx/{sharedFile}.onnx`, timed alternately with those above:");
                Line("");
                Table(sharedCosts);
            }

            Line("");
            Line(string.Create(CultureInfo.InvariantCulture, $"Load average {ResultsFile.LoadAverage()} at the end."));
            Console.WriteLine(text);
            Console.Error.WriteLine($"engine: wrote {ResultsFile.Write(resultsName, text.ToString())}");
            return 0;
        }
        finally
        {
            foreach (var (_, engine) in engines)
            {
                engine.Dispose();
            }
        }
    }

    private static GenerationStats Measure(GenerationEngine engine, GenerationRequest[] requests, SamplingOptions sampling)
    {
        var before = engine.Stats;
        engine.Generate(requests, sampling, CancellationToken.None);
        var after = engine.Stats;
        return new GenerationStats
        {
            GeneratedTokens = after.GeneratedTokens - before.GeneratedTokens,
            DecodeSteps = after.DecodeSteps - before.DecodeSteps,
            DecodePasses = after.DecodePasses - before.DecodePasses,
            RowSteps = after.RowSteps - before.RowSteps,
            CachePositions = after.CachePositions - before.CachePositions,
            PaddedPositions = after.PaddedPositions - before.PaddedPositions,
            Elapsed = after.Elapsed - before.Elapsed,
        };
    }

    /// <summary>The shared-cache variant's file name in the model folder's onnx folder, without the extension.</summary>
    private const string SharedVariant = "model_gqa";

    private const int WarmUpPasses = 3;

    private const int TimedPasses = 21;

    /// <summary>Runs each pass <see cref="WarmUpPasses"/> times, then <see cref="TimedPasses"/> times each, alternating; the median milliseconds of each.</summary>
    private static double[] Timed(Action[] passes)
    {
        foreach (var pass in passes)
        {
            for (var i = 0; i < WarmUpPasses; i++)
            {
                pass();
            }
        }

        var times = passes.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < TimedPasses; i++)
        {
            for (var k = 0; k < passes.Length; k++)
            {
                var start = Stopwatch.GetTimestamp();
                passes[k]();
                times[k].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return [.. times.Select(Spread.Median)];
    }

    /// <summary>One decode pass of the standard graph: rows over a zero cache of the given length.</summary>
    private sealed class StandardPass : IDisposable
    {
        private readonly DecoderModel _decoder;
        private readonly KvCache _empty;
        private readonly KvCache _cache;
        private readonly long[] _ids;
        private readonly long[] _positions;
        private readonly long[] _mask;

        public StandardPass(DecoderModel decoder, int rows, int length)
        {
            _decoder = decoder;
            _empty = KvCache.Empty(decoder.Layout, 1);
            _cache = KvCache.Gather(decoder.Layout, Enumerable.Repeat(new KvRowSource(_empty, 0, 0), rows).ToArray(), length);
            _ids = new long[rows];
            _positions = new long[rows];
            _mask = new long[rows * (length + 1)];
            Array.Fill(_ids, 5L);
            Array.Fill(_positions, (long)length);
            Array.Fill(_mask, 1L);
        }

        public void Run()
        {
            var result = _decoder.Forward(_cache, _ids, _positions, _mask, 1);
            result.Present.Dispose();
            result.Logits.Dispose();
        }

        public void Dispose()
        {
            _cache.Dispose();
            _empty.Dispose();
        }
    }

    /// <summary>One decode pass of a shared-cache graph: rows holding the given length in their slots, written in place.</summary>
    private sealed class SharedPass(DecoderModel decoder, int rows, int length) : IDisposable
    {
        private readonly SlotCache _cache = new(decoder.Layout, rows, decoder.Info.ContextLength);
        private readonly long[] _ids = Enumerable.Repeat(5L, rows).ToArray();
        private readonly int[] _lengths = Enumerable.Repeat(length, rows).ToArray();

        public void Run() => decoder.ForwardShared(_cache, 0, rows, _ids, _lengths, 1).Dispose();

        public void Dispose() => _cache.Dispose();
    }
}
