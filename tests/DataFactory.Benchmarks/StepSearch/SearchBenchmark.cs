using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataFactory.Benchmarks.Storage;
using DataFactory.Core.Formats;
using DataFactory.Core.Harvest;
using DataFactory.Core.Sampling;
using DataFactory.Core.Steps;
using DataFactory.Core.Verification;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Benchmarks.StepSearch;

/// <summary>
/// `search`: the share of the 24 game's example problems that verifier-guided search solves against flat sampling
/// at the same generated tokens per problem (issue 17). Per repetition (its own seed) and (w, b) setting: the search
/// runs every problem to a verified answer or its token budget and its mean tokens per problem T are measured
/// (every generated token: steps, rollouts, discarded expansions); flat sampling then gets n = T / L candidates per
/// problem, L being the mean length of its own candidates, drawn from one pool per repetition (candidates 0..n-1 of
/// each problem). Solved: a candidate that verifies and has no false checkable step (what the pipeline stores).
/// Options: --model DIR, --problems N (200), --settings "2x4,4x4,4x8" (w×b), --rollouts M (0), --budget T tokens
/// per problem (4096), --max-tokens N (256), --repetitions N (3). Progress on standard error.
/// </summary>
public static class SearchBenchmark
{
    private const int PoolRound = 8;
    private const int MaxPool = 128;

    /// <summary>Runs the comparison and writes benchmarks/results/search.md.</summary>
    public static int Run(string[] args)
    {
        var section = Section(args);
        ResultsFile.Write("search", "# Search against flat sampling at equal tokens (issue 17)\n\n" + section);
        Console.Error.WriteLine("search: wrote benchmarks/results/search.md");
        return 0;
    }

    /// <summary>Runs the comparison and returns its markdown section (a level-2 heading, the conditions and the table), for <c>search.md</c> or <c>steps.md</c>.</summary>
    public static string Section(string[] args)
    {
        var options = new BenchArgs(args);
        var root = ResultsFile.RepositoryRoot();
        var model = Path.GetFullPath(options.Get("model") ?? Path.Combine(root, "models", "tiny-reasoner"));
        var count = options.Int("problems", 200);
        var repetitions = options.Int("repetitions", 3);
        var rollouts = options.Int("rollouts", 0);
        var budget = options.Int("budget", HarvestSettings.DefaultSearchBudget);
        var maxTokens = options.Int("max-tokens", 256);
        var grid = (options.Get("settings") ?? "2x4,4x4,4x8").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.Split('x'))
            .Select(p => HarvestSettings.Search(int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture), budget, rollouts))
            .ToArray();
        var loadBefore = ResultsFile.LoadAverage();
        var startedAt = DateTime.UtcNow;
        var commit = ResultsFile.Commit();
        var clock = Stopwatch.StartNew();

        var problems = ProblemFileReader.Read(Path.Combine(root, "examples", "game24.jsonl"), new ImportOptions()).Problems.Take(count).ToArray();
        using var engine = new GenerationEngine(
            new EngineOptions { ModelDirectory = model, Provider = ExecutionProvider.Cpu, MaxBatchRows = 64, ContinuousBatching = true }, NullLogger.Instance);
        var driver = new SearchDriver(engine, VerifierRegistry.CreateDefault(), StepCheckerRegistry.CreateDefault());
        var rows = grid.Select(_ => new List<SearchRow>()).ToArray();
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            var sampling = new SamplingOptions { Samples = 1, MaxNewTokens = maxTokens, Temperature = 0.8f, Seed = 20261206UL + (ulong)repetition };
            var searched = new List<(int Setting, double Solved, double Tokens, double Chains)>();
            for (var s = 0; s < grid.Length; s++)
            {
                var timer = Stopwatch.StartNew();
                var results = driver.Run(problems, grid[s], sampling);
                searched.Add((s, results.Count(r => r.Solved) / (double)problems.Length, results.Average(r => (double)r.Tokens), results.Average(r => (double)r.Chains)));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"search: repetition {repetition + 1}/{repetitions} w={grid[s].Beam} b={grid[s].Expand}: {searched[^1].Solved:P1} solved, {searched[^1].Tokens:N0} tokens/problem in {timer.Elapsed.TotalSeconds:N0} s"));
            }

            // One flat pool per repetition, grown in rounds until it holds the candidates the most expensive setting's tokens buy.
            var pool = problems.Select(_ => new List<(int Tokens, bool Solved)>()).ToArray();
            double length;
            var flatTimer = Stopwatch.StartNew();
            while (true)
            {
                var drawn = pool[0].Count;
                var generated = engine.Generate(
                    [.. problems.Select(p => new GenerationRequest(p.Id, p.Prompt, UseChatTemplate: true) { FirstCandidate = drawn, Count = PoolRound })],
                    sampling,
                    CancellationToken.None);
                for (var i = 0; i < problems.Length; i++)
                {
                    pool[i].AddRange(generated[i].Candidates.Select(c => (c.TokenCount, driver.Solves(problems[i], c.Text))));
                }

                length = pool.Average(p => p.Average(c => (double)c.Tokens));
                var needed = searched.Max(r => Candidates(r.Tokens, length));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"search: repetition {repetition + 1}/{repetitions} flat pool {pool[0].Count} candidates/problem (mean {length:N0} tokens; {needed} needed) in {flatTimer.Elapsed.TotalSeconds:N0} s"));
                if (pool[0].Count >= Math.Min(needed, MaxPool))
                {
                    break;
                }
            }

            foreach (var (setting, solved, tokens, chains) in searched)
            {
                var n = Math.Min(Candidates(tokens, length), pool[0].Count);
                var flatSolved = pool.Count(p => p.Take(n).Any(c => c.Solved)) / (double)problems.Length;
                var flatTokens = pool.Average(p => p.Take(n).Sum(c => (double)c.Tokens));
                rows[setting].Add(new SearchRow(solved, tokens, chains, n, flatTokens, flatSolved));
            }
        }

        return Report(grid, rows, problems.Length, repetitions, budget, rollouts, maxTokens, commit, startedAt, loadBefore, clock.Elapsed, string.Join(' ', args));
    }

    private static int Candidates(double tokens, double length) => Math.Max(1, (int)Math.Round(tokens / length));

    private static string Report(
        HarvestSettings[] grid, List<SearchRow>[] rows, int problems, int repetitions, int budget, int rollouts, int maxTokens,
        string commit, DateTime startedAt, string loadBefore, TimeSpan elapsed, string arguments)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine("## Search against flat sampling at equal tokens (24 game)");
        text.AppendLine();
        text.AppendLine(c, $"- date: {startedAt:yyyy-MM-dd HH:mm} UTC; commit: {commit}; took {elapsed.TotalMinutes:N1} min");
        text.AppendLine(c, $"- machine: {ResultsFile.MachineDescription()}; load average before: {loadBefore}, after: {ResultsFile.LoadAverage()}");
        text.AppendLine(c, $"- conditions: `examples/game24.jsonl`, first {problems} problems; model `models/tiny-reasoner` on CPU (ONNX Runtime, continuous batching, 64 rows); temperature 0.8, at most {maxTokens} new tokens per trace; search budget {budget} generated tokens per problem, rollouts {rollouts}, stop at the first verified candidate; {repetitions} repetitions, seeds 20261206 + repetition");
        text.AppendLine(c, $"- command: `dotnet run -c Release --project tests/DataFactory.Benchmarks -- search {arguments}`");
        text.AppendLine("- search tokens: every generated token (steps, rollouts, discarded and pruned expansions); flat gets n = search tokens / its mean candidate length candidates per problem, drawn from one pool per repetition; solved = a candidate verifies and has no false checkable step");
        text.AppendLine();
        text.AppendLine("| w | b | search solved | search tokens/problem | search candidates/problem | flat n | flat tokens/problem | flat solved | search − flat (points) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var best = double.MinValue;
        var bestSetting = string.Empty;
        for (var s = 0; s < grid.Length; s++)
        {
            var r = rows[s];
            var difference = r.Select(x => (x.SearchSolved - x.FlatSolved) * 100).ToArray();
            var median = Spread.Median(difference);
            if (median > best)
            {
                best = median;
                bestSetting = string.Create(c, $"w={grid[s].Beam} b={grid[s].Expand}");
            }

            text.AppendLine(c, $"| {grid[s].Beam} | {grid[s].Expand} | {Percent(r.Select(x => x.SearchSolved))} | {Figure(r.Select(x => x.SearchTokens))} | {Figure(r.Select(x => x.SearchChains), "N1")} | {Figure(r.Select(x => (double)x.FlatCandidates))} | {Figure(r.Select(x => x.FlatTokens))} | {Percent(r.Select(x => x.FlatSolved))} | {median:+0.0;−0.0;0.0} ({string.Join(", ", difference.Select(d => d.ToString("+0.0;−0.0;0.0", c)))}) |");
        }

        text.AppendLine();
        text.AppendLine("Figures are medians over the repetitions, with the range in brackets; the last column lists every repetition.");
        text.AppendLine();
        text.AppendLine(best >= 15
            ? string.Create(c, $"**Target met**: search solves {best:N1} points more than flat sampling at equal tokens ({bestSetting}); the issue asks for at least 15.")
            : string.Create(c, $"**Target NOT met**: the best setting ({bestSetting}) solves {best:+0.0;−0.0;0.0} points against flat sampling at equal tokens; the issue asks for at least +15."));
        return text.ToString();
    }

    private static string Percent(IEnumerable<double> values) => Figure(values.Select(v => v * 100), "N1") + " %";

    private static string Figure(IEnumerable<double> values, string format = "N0")
    {
        var all = values.ToArray();
        var median = Spread.Median(all).ToString(format, CultureInfo.InvariantCulture);
        return all.Length < 2 ? median : $"{median} ({all.Min().ToString(format, CultureInfo.InvariantCulture)}–{all.Max().ToString(format, CultureInfo.InvariantCulture)})";
    }
}
