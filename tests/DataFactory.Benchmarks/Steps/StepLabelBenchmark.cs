using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataFactory.Benchmarks.StepSearch;
using DataFactory.Benchmarks.Storage;
using DataFactory.Core.Formats;
using DataFactory.Core.Problems;
using DataFactory.Core.Sampling;
using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Labelling;
using DataFactory.Core.Steps.Splitting;
using DataFactory.Core.Verification;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Benchmarks.Steps;

/// <summary>
/// `steps`: rollout step labels against the step checker, on the puzzle families (24 game, countdown) of the example
/// sets with the bundled model. Candidates are sampled per problem and step-checked; those the checker marks with a
/// first false step are the population. Every prefix of each is rolled out 16 times (the rollouts' seeds depend
/// only on problem, candidate, prefix and index, so the first 4 and 8 of the 16 are exactly what m = 4 and 8 would
/// draw); exhaustive search, bisection (the default) and OmegaPRM's midpoint bisection then replay those rollouts
/// through <see cref="FirstErrorSearch"/> for m = 4, 8, 16 (bisection visits a subset of the prefixes and draws a
/// subset of their rollouts, with the same outcomes it would get generating its own).
/// Reports how often the rollout labels put the first error at the checker's step (precision over candidates where
/// a first error was found, recall over all), and bisection's rollouts and agreement against exhaustive search.
/// Options: --model DIR, --problems N per family (50), --candidates N per family (0: all), --samples N per problem (8),
/// --max-tokens N (256), --seed S (20261206), --batch N prefixes per generate call (32), --outcomes FILE (every candidate's rollout outcomes
/// as JSON Lines). Then, unless --no-search,
/// the search benchmark's section (<see cref="SearchBenchmark"/>: --search-problems N of the 24 game (200),
/// --search-settings WxB,... (4x4), --search-repetitions N (1)) goes in the same file.
/// </summary>
internal static class StepLabelBenchmark
{
    private static readonly string[] Families = ["game24", "countdown"];
    private static readonly int[] RolloutCounts = [4, 8, 16];

    public static int Run(string[] args)
    {
        var options = new BenchArgs(args);
        var root = ResultsFile.RepositoryRoot();
        var model = Path.GetFullPath(options.Get("model") ?? Path.Combine(root, "models", "tiny-reasoner"));
        var perFamily = options.Int("problems", 50);
        var maxCandidates = options.Int("candidates", 0);
        var samples = options.Int("samples", 8);
        var maxTokens = options.Int("max-tokens", 256);
        var batch = options.Int("batch", 32);
        var seed = ulong.Parse(options.Get("seed") ?? "20261206", CultureInfo.InvariantCulture);
        var maxRollouts = RolloutCounts[^1];
        var loadBefore = ResultsFile.LoadAverage();
        var commit = ResultsFile.Commit();
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();

        var verifiers = VerifierRegistry.CreateDefault();
        var checkers = StepCheckerRegistry.CreateDefault();
        using var engine = new GenerationEngine(
            new EngineOptions { ModelDirectory = model, Provider = ExecutionProvider.Cpu, MaxBatchRows = 64, ContinuousBatching = true }, NullLogger.Instance);
        var sampling = new SamplingOptions { Samples = samples, MaxNewTokens = maxTokens, Temperature = 0.8f, Seed = seed };

        var population = new List<Labelled>();
        long candidateTokens = 0, rolloutTokens = 0;
        var sampled = new Dictionary<string, (int Candidates, int Flagged)>(StringComparer.Ordinal);
        foreach (var family in Families)
        {
            var problems = ProblemFileReader.Read(Path.Combine(root, "examples", family + ".jsonl"), new ImportOptions()).Problems.Take(perFamily).ToArray();
            var flagged = new List<Labelled>();
            var candidates = 0;
            foreach (var chunk in problems.Chunk(16))
            {
                var generated = engine.Generate([.. chunk.Select(p => new GenerationRequest(p.Id, p.Prompt, UseChatTemplate: true))], sampling, CancellationToken.None);
                for (var p = 0; p < chunk.Length; p++)
                {
                    var problem = chunk[p];
                    var texts = generated[p].Candidates.Select(c => c.Text).ToArray();
                    candidateTokens += generated[p].Candidates.Sum(c => (long)c.TokenCount);
                    candidates += texts.Length;
                    var verified = texts.Select(t => verifiers.Verify(problem, t).IsCorrect).ToArray();
                    foreach (var (text, i) in texts.Select((t, i) => (t, i)).DistinctBy(c => c.t, StringComparer.Ordinal))
                    {
                        if (checkers.Check(problem, text).FirstFalse is not { } falseStep)
                        {
                            continue;
                        }

                        var steps = StepSplitter.Split(problem.Kind, text);
                        flagged.Add(new Labelled(problem, steps, verified[i], verified.Any(v => v), StepSplitter.StepAt(steps, falseStep.Offset)));
                    }
                }

                Console.Error.WriteLine($"steps: {family} sampled {candidates} candidates of {problems.Length} problems, {flagged.Count} with a false step ({clock.Elapsed.TotalSeconds:N0} s)");
            }

            sampled[family] = (candidates, flagged.Count);
            population.AddRange(maxCandidates > 0 ? flagged.Take(maxCandidates) : flagged);
        }

        // Every prefix but the last of every candidate, 16 rollouts each.
        var prefixes = population.SelectMany(c => Enumerable.Range(0, c.Steps.Count - 1).Select(k => (Candidate: c, Prefix: k))).ToArray();
        var rolloutClock = Stopwatch.StartNew();
        var done = 0;
        foreach (var chunk in prefixes.Chunk(batch))
        {
            var requests = chunk.Select(a => new GenerationRequest(a.Candidate.RolloutId(a.Prefix), a.Candidate.Problem.Prompt, UseChatTemplate: true)
            {
                AssistantPrefix = string.Concat(a.Candidate.Steps.Take(a.Prefix + 1)),
                Count = maxRollouts,
            }).ToArray();
            var generated = engine.Generate(requests, sampling, CancellationToken.None);
            for (var i = 0; i < chunk.Length; i++)
            {
                var (candidate, prefix) = chunk[i];
                rolloutTokens += generated[i].Candidates.Sum(c => (long)c.TokenCount);
                candidate.Outcomes[prefix] = [.. generated[i].Candidates.Select(c => verifiers.Verify(candidate.Problem, requests[i].AssistantPrefix + c.Text).IsCorrect)];
            }

            done += chunk.Length;
            Console.Error.WriteLine($"steps: rolled out {done}/{prefixes.Length} prefixes x {maxRollouts} ({rolloutClock.Elapsed.TotalSeconds:N0} s)");
        }

        if (options.Get("outcomes") is { } outcomesFile)
        {
            // Every candidate's rollout outcomes, for analysis of other search strategies offline.
            File.WriteAllLines(outcomesFile, population.Select(c => System.Text.Json.JsonSerializer.Serialize(new
            {
                problem = c.Problem.Id,
                kind = c.Problem.Kind.ToString(),
                steps = c.Steps.Count,
                verified = c.Verified,
                solvable = c.Solvable,
                checker_step = c.CheckerStep,
                outcomes = c.Outcomes.Take(c.Steps.Count - 1),
            })));
        }

        var rows = RolloutCounts.Select(m => Measure(population, m)).ToArray();
        var report = Report(rows, population, sampled, perFamily, maxCandidates, samples, maxTokens, seed, model, commit, started, loadBefore,
            candidateTokens, rolloutTokens, clock.Elapsed, rolloutClock.Elapsed);
        if (!options.Has("no-search"))
        {
            // Issue 17's second measure, search against flat sampling at equal tokens, in the same results file.
            string[] search =
            [
                "--model", model,
                "--problems", options.Get("search-problems") ?? "200",
                "--settings", options.Get("search-settings") ?? "4x4",
                "--repetitions", options.Get("search-repetitions") ?? "1",
            ];
            report += Environment.NewLine + SearchBenchmark.Section(search);
        }

        Console.WriteLine(report);
        Console.Error.WriteLine($"steps: written to {ResultsFile.Write("steps", report)}");
        return 0;
    }

    private static Figures Measure(List<Labelled> population, int m)
    {
        int exFound = 0, exHits = 0, biFound = 0, biHits = 0, same = 0, midSame = 0;
        long exRollouts = 0, biRollouts = 0, midRollouts = 0;
        foreach (var candidate in population)
        {
            var exhaustive = Replay(candidate, m, LabelSearch.Exhaustive);
            var bisect = Replay(candidate, m, LabelSearch.Bisect);
            var midpoint = Replay(candidate, m, LabelSearch.Midpoint);
            midRollouts += midpoint.Spent;
            midSame += exhaustive.FirstError == midpoint.FirstError ? 1 : 0;
            exRollouts += exhaustive.Spent;
            biRollouts += bisect.Spent;
            exFound += exhaustive.FirstError is null ? 0 : 1;
            biFound += bisect.FirstError is null ? 0 : 1;
            exHits += exhaustive.FirstError == candidate.CheckerStep ? 1 : 0;
            biHits += bisect.FirstError == candidate.CheckerStep ? 1 : 0;
            same += exhaustive.FirstError == bisect.FirstError ? 1 : 0;
        }

        return new Figures(m, population.Count, exFound, exHits, exRollouts, biFound, biHits, biRollouts, same, midRollouts, midSame);
    }

    private static (int? FirstError, int Spent) Replay(Labelled candidate, int m, LabelSearch search)
    {
        var labelling = new FirstErrorSearch(candidate.Steps.Count, candidate.Verified, search, m);
        while (!labelling.Finished)
        {
            foreach (var ask in labelling.Next())
            {
                labelling.Record(ask.Prefix, candidate.Outcomes[ask.Prefix].Skip(ask.First).Take(ask.Count).Count(v => v), ask.Count);
            }
        }

        return (labelling.Labels().FirstOrDefault(l => l.FirstError)?.Index, labelling.RolloutsSpent);
    }

    private static string Report(
        Figures[] rows, List<Labelled> population, Dictionary<string, (int Candidates, int Flagged)> sampled, int perFamily, int maxCandidates,
        int samples, int maxTokens, ulong seed, string model, string commit, DateTime started, string loadBefore,
        long candidateTokens, long rolloutTokens, TimeSpan total, TimeSpan rolloutTime)
    {
        static string Pct(long part, long whole) => whole == 0 ? "-" : ((double)part / whole).ToString("P1", CultureInfo.InvariantCulture);
        var b = new StringBuilder();
        b.AppendLine("# Step labels from rollouts against the step checker");
        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project tests/DataFactory.Benchmarks -- steps --problems {perFamily} --candidates {maxCandidates} --samples {samples} --max-tokens {maxTokens} --seed {seed}`, started {started:yyyy-MM-dd HH:mm} UTC, commit {commit}.");
        b.AppendLine(CultureInfo.InvariantCulture, $"Machine: {ResultsFile.MachineDescription()}; load average {loadBefore} before, {ResultsFile.LoadAverage()} after.");
        b.AppendLine(CultureInfo.InvariantCulture, $"Conditions: model `{Path.GetFileName(model)}` on CPU, chat template, temperature 0.8, at most {maxTokens} new tokens per candidate and rollout, run seed {seed}; the first {perFamily} problems of `examples/game24.jsonl` and `examples/countdown.jsonl`, {samples} candidates each; steps are lines (StepSplitter).");
        foreach (var (family, counts) in sampled)
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"- {family}: {counts.Candidates} candidates sampled, {counts.Flagged} distinct ones with a first false step (step checker `puzzle-1`+`arith-1`){(maxCandidates > 0 ? $", the first {Math.Min(maxCandidates, counts.Flagged)} taken" : "")}.");
        }

        var verified = population.Count(c => c.Verified);
        var unsolvable = population.Count(c => !c.Solvable);
        b.AppendLine(CultureInfo.InvariantCulture, $"- Population: {population.Count} candidates ({verified} with a verified final answer, {population.Count - verified} failed; {unsolvable} of problems where none of the {samples} candidates verified), {population.Sum(c => c.Steps.Count)} steps, mean {(population.Count == 0 ? 0 : population.Average(c => c.Steps.Count)):F1} per candidate.");
        b.AppendLine(CultureInfo.InvariantCulture, $"- Tokens: {candidateTokens:N0} for the candidates, {rolloutTokens:N0} for {population.Sum(c => c.Steps.Count - 1) * RolloutCounts[^1]:N0} rollouts (16 per prefix) in {rolloutTime.TotalSeconds:N0} s; {total.TotalSeconds:N0} s in all.");
        b.AppendLine();
        b.AppendLine("A rollout succeeds when prefix + continuation verifies. The first error is the first step whose prefix has no successful rollout while the prefix before it (for step 0: the problem, taken as solvable) has one. The checker's step is the line holding its first false claim. Precision: candidates whose first error is the checker's step, over those where the labels found a first error; recall: over all candidates of the population. Bisection (`--label-search bisect`, the default) brackets the first error from the start (prefixes 0, 2, 6, 14, ...) and then bisects the bracket, each probe drawing its m rollouts in chunks of ⌈m/4⌉ and stopping at the first chunk with a verified one; midpoint (`--label-search midpoint`) is OmegaPRM's plain binary search with all m rollouts per probe.");
        b.AppendLine();
        b.AppendLine("| m | candidates | exhaustive: found | = checker | precision | recall | rollouts | bisection: found | = checker | precision | recall | rollouts | bisection / exhaustive rollouts | same position as exhaustive | midpoint (OmegaPRM) / exhaustive rollouts | midpoint: same position |");
        b.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            b.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.M} | {r.Candidates} | {r.ExFound} | {r.ExHits} | {Pct(r.ExHits, r.ExFound)} | {Pct(r.ExHits, r.Candidates)} | {r.ExRollouts:N0} | {r.BiFound} | {r.BiHits} | {Pct(r.BiHits, r.BiFound)} | {Pct(r.BiHits, r.Candidates)} | {r.BiRollouts:N0} | {Pct(r.BiRollouts, r.ExRollouts)} | {Pct(r.Same, r.Candidates)} | {Pct(r.MidRollouts, r.ExRollouts)} | {Pct(r.MidSame, r.Candidates)} |");
        }

        b.AppendLine();
        foreach (var r in rows)
        {
            var ratioMet = r.ExRollouts > 0 && r.BiRollouts <= 0.35 * r.ExRollouts;
            var sameMet = r.Candidates > 0 && r.Same >= 0.95 * r.Candidates;
            b.AppendLine(CultureInfo.InvariantCulture,
                $"- m = {r.M}: bisection spends {Pct(r.BiRollouts, r.ExRollouts)} of exhaustive rollouts (target at most 35 %: {(ratioMet ? "met" : "NOT met")}) and finds the same first-error position on {Pct(r.Same, r.Candidates)} of the candidates (target at least 95 %: {(sameMet ? "met" : "NOT met")}).");
        }

        return b.ToString();
    }

    private sealed record Figures(
        int M, int Candidates, int ExFound, int ExHits, long ExRollouts, int BiFound, int BiHits, long BiRollouts, int Same, long MidRollouts, int MidSame);

    private sealed class Labelled(Problem problem, IReadOnlyList<string> steps, bool verified, bool solvable, int checkerStep)
    {
        private readonly string _id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(steps))))[..16];

        public Problem Problem => problem;

        public IReadOnlyList<string> Steps => steps;

        public bool Verified => verified;

        public bool Solvable => solvable;

        public int CheckerStep => checkerStep;

        /// <summary>Per prefix, whether each of its rollouts verified, in rollout index order.</summary>
        public bool[][] Outcomes { get; } = new bool[steps.Count][];

        /// <summary>The pipeline's rollout id (problem, candidate hash, prefix), so rollouts are the ones a label run draws.</summary>
        public string RolloutId(int prefix) => string.Create(CultureInfo.InvariantCulture, $"{problem.Id}#{_id}#{prefix}");
    }
}
