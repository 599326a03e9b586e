using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataFactory.Benchmarks.Storage;
using DataFactory.Core.Diversity;
using DataFactory.Core.Formats;
using DataFactory.Core.Harvest;
using DataFactory.Core.Problems;
using DataFactory.Core.Sampling;
using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Partial;
using DataFactory.Core.Verification;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Benchmarks.Harvest;

/// <summary>
/// `harvest`: what adaptive harvesting buys on the bundled example problems, and the engine's continuous batching
/// against its static waves. Per repetition (its own seed; the order of the two generating sides alternates):
/// a flat run of B candidates per problem, whose candidates the policies replay (flat n = 8, 16, 32, 64; adaptive
/// K, B and smaller budgets), and a real adaptive run through the engine in rounds, whose tokens must equal its
/// replay (plain, and with the saturation stop); the same replays under the default curation (flawed traces neither
/// stored nor counted), without and with <c>run --stop-on-false-step</c>, whose real run also checks its replay; then
/// continuous against waves at --engine-problems × --engine-samples. Options: --model DIR,
/// --problems N per family (200: all 800), --repetitions N (3), --max-tokens N (256), --target K (4), --budget B (64),
/// --engine-problems N (8), --engine-samples N (16), --batch N problems per generate call (16), --real-problems N per
/// family for the real adaptive runs (all of --problems; fewer keeps a full-size run within an hour, since the real runs
/// only check the replays, which they compare over the same problems), --results NAME of the results file (harvest).
/// </summary>
public static class HarvestBenchmark
{
    private static readonly string[] Families = ["arithmetic", "cipher", "countdown", "game24"];

    public static int Run(string[] args)
    {
        var options = new BenchArgs(args);
        var root = ResultsFile.RepositoryRoot();
        var model = Path.GetFullPath(options.Get("model") ?? Path.Combine(root, "models", "tiny-reasoner"));
        var perFamily = options.Int("problems", 200);
        var repetitions = options.Int("repetitions", 3);
        var target = options.Int("target", 4);
        var budget = options.Int("budget", 64);
        var batch = options.Int("batch", 16);
        var engineProblems = options.Int("engine-problems", 8);
        var engineSamples = options.Int("engine-samples", 16);
        var maxTokens = options.Int("max-tokens", 256);
        var realPerFamily = Math.Min(options.Int("real-problems", perFamily), perFamily);
        var resultsName = options.Get("results") ?? "harvest";
        var loadBefore = ResultsFile.LoadAverage();
        var startedAt = DateTime.UtcNow;
        var commit = ResultsFile.Commit();

        var byFamily = Families
            .Select(f => ProblemFileReader.Read(Path.Combine(root, "examples", f + ".jsonl"), new ImportOptions()).Problems.Take(perFamily).ToArray())
            .ToArray();
        var problems = byFamily.SelectMany(f => f).ToArray();
        // The real adaptive runs' problems: the first --real-problems of each family, as indices into problems.
        var realIndices = byFamily.SelectMany((f, k) => Enumerable.Range(byFamily.Take(k).Sum(g => g.Length), Math.Min(realPerFamily, f.Length))).ToArray();
        var realProblems = realIndices.Select(i => problems[i]).ToArray();
        var verifiers = VerifierRegistry.CreateDefault();
        var checkers = StepCheckerRegistry.CreateDefault();
        var engineOptions = new EngineOptions { ModelDirectory = model, Provider = ExecutionProvider.Cpu, MaxBatchRows = 64, ContinuousBatching = true };
        using var engine = new GenerationEngine(engineOptions, NullLogger.Instance);
        using var waves = new GenerationEngine(engineOptions with { ContinuousBatching = false }, NullLogger.Instance);
        var warm = new SamplingOptions { Samples = 2, MaxNewTokens = 4 };
        engine.Generate([Request(problems[0])], warm, CancellationToken.None);
        waves.Generate([Request(problems[0])], warm, CancellationToken.None);

        var adaptive = HarvestSettings.Adaptive(target, budget);
        var saturating = HarvestSettings.Adaptive(target, budget, saturation: true);
        var replays = new List<(string Name, HarvestSettings Settings)>();
        foreach (var n in new[] { 8, 16, 32, 64 }.Where(n => n <= budget))
        {
            replays.Add(($"flat n={n}", HarvestSettings.Flat(n)));
        }

        foreach (var b in new[] { 16, 24, 32 }.Where(b => b < budget))
        {
            replays.Add(($"adaptive K={target} B={b}", HarvestSettings.Adaptive(target, b)));
        }

        replays.Add(($"adaptive K=1 B={budget}", HarvestSettings.Adaptive(1, budget)));
        replays.Add(($"adaptive K={target} B={budget}", adaptive));
        replays.Add(($"adaptive K={target} B={budget}, saturation", saturating));

        // The default curation (flawed traces not stored, nor counted toward K), without and with the step guard.
        var curatedReplays = new List<(string Name, HarvestSettings Settings, bool Guard)>();
        foreach (var n in new[] { 16, 64 }.Where(n => n <= budget))
        {
            curatedReplays.Add(($"flat n={n}", HarvestSettings.Flat(n), false));
            curatedReplays.Add(($"flat n={n}, stop on false step", HarvestSettings.Flat(n), true));
        }

        foreach (var (label, settings) in new[] { ($"adaptive K=1 B={budget}", HarvestSettings.Adaptive(1, budget)), ($"adaptive K={target} B={budget}", adaptive), ($"adaptive K={target} B={budget}, saturation", saturating) })
        {
            curatedReplays.Add((label, settings, false));
            curatedReplays.Add((label + ", stop on false step", settings, true));
        }

        var figures = new List<List<PolicyFigures>>();
        var curatedFigures = new List<List<PolicyFigures>>();
        var lostToGuard = new List<int>();
        var realGuarded = new List<(PolicyFigures Figures, double Seconds)>();
        var real = new List<(PolicyFigures Figures, double Seconds)>();
        var realSaturating = new List<(PolicyFigures Figures, double Seconds)>();
        var flatSeconds = new List<double>();
        var realReplays = new List<(PolicyFigures Plain, PolicyFigures Saturating, PolicyFigures Flat, PolicyFigures Guarded, PolicyFigures CuratedFlat)>();
        var engineRows = new List<(double ContinuousRate, double WaveRate, double ContinuousRows, double WaveRows, double QueuedRows)>();
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            var sampling = new SamplingOptions { Samples = budget, MaxNewTokens = maxTokens, Temperature = 0.8f, Seed = 20261206UL + (ulong)repetition };
            IReadOnlyList<IReadOnlyList<HarvestCandidate>> pools = [];
            (PolicyFigures Figures, double Seconds) live = default, liveSaturating = default, liveGuarded = default;
            void Flat()
            {
                var clock = Stopwatch.StartNew();
                pools = FlatPools(waves, verifiers, checkers, problems, sampling, batch);
                flatSeconds.Add(clock.Elapsed.TotalSeconds);
                Console.Error.WriteLine($"harvest: repetition {repetition + 1}/{repetitions} flat n={budget} in {clock.Elapsed.TotalSeconds:N0} s");
            }

            void Adaptive()
            {
                var clock = Stopwatch.StartNew();
                // The default engine, static waves: where the early stop inside a round works.
                var f = RealAdaptive(waves, verifiers, checkers, realProblems, sampling, adaptive, batch, curated: false, guard: false);
                live = (f, clock.Elapsed.TotalSeconds);
                Console.Error.WriteLine($"harvest: repetition {repetition + 1}/{repetitions} adaptive in {clock.Elapsed.TotalSeconds:N0} s");
                clock.Restart();
                var s = RealAdaptive(waves, verifiers, checkers, realProblems, sampling, saturating, batch, curated: false, guard: false);
                liveSaturating = (s, clock.Elapsed.TotalSeconds);
                Console.Error.WriteLine($"harvest: repetition {repetition + 1}/{repetitions} adaptive with saturation in {clock.Elapsed.TotalSeconds:N0} s");
                clock.Restart();
                var g = RealAdaptive(waves, verifiers, checkers, realProblems, sampling, saturating, batch, curated: true, guard: true);
                liveGuarded = (g, clock.Elapsed.TotalSeconds);
                Console.Error.WriteLine($"harvest: repetition {repetition + 1}/{repetitions} adaptive with saturation, stop on false step, in {clock.Elapsed.TotalSeconds:N0} s");
            }

            if (repetition % 2 == 0)
            {
                Flat();
                Adaptive();
            }
            else
            {
                Adaptive();
                Flat();
            }

            real.Add(live);
            realSaturating.Add(liveSaturating);
            realGuarded.Add(liveGuarded);
            figures.Add([.. replays.Select(r => PolicyReplay.Replay(r.Name, r.Settings, pools))]);
            curatedFigures.Add([.. curatedReplays.Select(r => PolicyReplay.Replay(r.Name, r.Settings, pools, curated: true, guard: r.Guard))]);
            lostToGuard.Add(pools.Sum(p => p.Count(c => c.LostToGuard)));
            var realPools = realIndices.Select(i => pools[i]).ToArray();
            realReplays.Add((
                PolicyReplay.Replay("adaptive", adaptive, realPools),
                PolicyReplay.Replay("adaptive, saturation", saturating, realPools),
                PolicyReplay.Replay("flat", HarvestSettings.Flat(budget), realPools),
                PolicyReplay.Replay("adaptive, saturation, stop on false step", saturating, realPools, curated: true, guard: true),
                PolicyReplay.Replay("flat", HarvestSettings.Flat(budget), realPools, curated: true)));
            engineRows.Add(CompareEngines(engine, waves, problems.Take(engineProblems).ToArray(), sampling with { Samples = engineSamples }, repetition));
        }

        ResultsFile.Write(resultsName, Report(
            figures, curatedFigures, lostToGuard, real, realSaturating, realGuarded, realReplays, flatSeconds, engineRows, problems.Length, perFamily, realProblems.Length, budget, target, maxTokens, engineProblems, engineSamples, commit, startedAt, loadBefore, string.Join(' ', args)));
        Console.Error.WriteLine($"harvest: wrote benchmarks/results/{resultsName}.md");
        return 0;
    }

    /// <summary>A line on stderr at every tenth of the problems done, with the elapsed time.</summary>
    internal sealed class Progress(string what, int total)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _done;
        private int _reported;

        public void Done(int problems)
        {
            _done += problems;
            if (_done * 10 / total > _reported || _done == total)
            {
                _reported = _done * 10 / total;
                Console.Error.WriteLine($"harvest: {what}: {_done}/{total} problems, {_clock.Elapsed.TotalSeconds:N0} s");
            }
        }
    }

    internal static GenerationRequest Request(Problem problem) => new(problem.Id, problem.Prompt, UseChatTemplate: true);

    private static List<IReadOnlyList<HarvestCandidate>> FlatPools(
        GenerationEngine engine, VerifierRegistry verifiers, StepCheckerRegistry checkers, Problem[] problems, SamplingOptions sampling, int batch)
    {
        var pools = new List<IReadOnlyList<HarvestCandidate>>(problems.Length);
        var progress = new Progress($"flat n={sampling.Samples}", problems.Length);
        foreach (var chunk in problems.Chunk(batch))
        {
            var generated = engine.Generate([.. chunk.Select(Request)], sampling, CancellationToken.None);
            for (var i = 0; i < chunk.Length; i++)
            {
                pools.Add(Judge(verifiers, checkers, chunk[i], generated[i], engine.Tokenizer));
            }

            progress.Done(chunk.Length);
        }

        return pools;
    }

    /// <summary>
    /// A real adaptive run through the engine, in rounds with the early stop. With <paramref name="curated"/> only
    /// verified candidates without a false step count (the default curation); with <paramref name="guard"/> the
    /// requests carry the step guard of <c>run --stop-on-false-step</c>, as the pipeline sets it.
    /// </summary>
    private static PolicyFigures RealAdaptive(
        GenerationEngine engine, VerifierRegistry verifiers, StepCheckerRegistry checkers, Problem[] problems, SamplingOptions sampling, HarvestSettings settings, int batch,
        bool curated, bool guard)
    {
        int covered = 0, exhausted = 0, saturated = 0;
        long candidates = 0, tokens = 0, distinct = 0;
        var progress = new Progress((settings.Saturation ? "adaptive with saturation" : "adaptive") + (guard ? ", stop on false step" : ""), problems.Length);
        foreach (var chunk in problems.Chunk(batch))
        {
            var states = chunk.Select(p => (Problem: p, Harvest: settings.Start(), Verified: new List<ChainSignature>())).ToArray();
            while (true)
            {
                var round = states.Select(s => (State: s, Count: s.Harvest.NextRound())).Where(r => r.Count > 0).ToArray();
                if (round.Length == 0)
                {
                    break;
                }

                var generated = engine.Generate(
                    [.. round.Select(r => Request(r.State.Problem) with
                    {
                        FirstCandidate = r.State.Harvest.Drawn,
                        Count = r.Count,
                        EarlyStop = new PolicyStop(verifiers, checkers, curated, r.State.Problem, r.State.Harvest, r.Count, r.State.Verified),
                        StepGuard = guard && checkers.For(r.State.Problem.Kind).Count > 0 ? Guard(checkers, r.State.Problem) : null,
                    })],
                    sampling,
                    CancellationToken.None);
                for (var i = 0; i < round.Length; i++)
                {
                    var (state, count) = round[i];
                    tokens += generated[i].AbandonedTokens;
                    foreach (var candidate in Judge(verifiers, checkers, state.Problem, generated[i], tokenizer: null))
                    {
                        tokens += candidate.Tokens;
                        if (candidate.Counts(curated))
                        {
                            state.Verified.Add(candidate.Signature!);
                        }
                    }

                    state.Harvest.Record(count, state.Verified.Count, DistinctChains.Count(state.Verified), PathSample.Of(state.Verified));
                }
            }

            foreach (var state in states)
            {
                candidates += state.Harvest.Drawn;
                covered += state.Verified.Count > 0 ? 1 : 0;
                exhausted += state.Harvest.Exhausted ? 1 : 0;
                saturated += state.Harvest.Saturated ? 1 : 0;
                distinct += DistinctChains.Count(state.Verified);
            }

            progress.Done(chunk.Length);
        }

        return new PolicyFigures("adaptive (engine)", problems.Length, covered, exhausted, candidates, tokens, distinct, saturated);
    }

    /// <summary>The step guard of <c>run --stop-on-false-step</c> for one problem, as the pipeline's <c>FalseStepGuard</c> makes it.</summary>
    private static Func<string, bool> Guard(StepCheckerRegistry checkers, Problem problem) => text => PartialStepCheck.Holds(checkers, problem, text);

    /// <summary>
    /// Verifies and step-checks a problem's candidates; with a <paramref name="tokenizer"/>, also replays the step guard
    /// over each candidate's tokens (where the problem's kind has a step checker), for the guarded replays.
    /// </summary>
    internal static List<HarvestCandidate> Judge(
        VerifierRegistry verifiers, StepCheckerRegistry checkers, Problem problem, ProblemGeneration generation, Inference.Tokenization.ModelTokenizer? tokenizer)
    {
        var guard = tokenizer is not null && checkers.For(problem.Kind).Count > 0 ? Guard(checkers, problem) : null;
        return [.. generation.Candidates.Select(c =>
        {
            var verified = verifiers.Verify(problem, c.Text).IsCorrect;
            var flawed = verified && checkers.Check(problem, c.Text).IsFlawed;
            var stop = guard is null ? null : StepGuardDetector.TokensUntilFalse(tokenizer!, c.TokenIds, guard);
            return new HarvestCandidate(c.Index, c.TokenCount, verified, verified ? ChainSignature.Of(c.Text) : null, flawed, stop);
        })];
    }

    private static (double, double, double, double, double) CompareEngines(
        GenerationEngine continuous, GenerationEngine waves, Problem[] problems, SamplingOptions sampling, int repetition)
    {
        var requests = problems.Select(Request).ToArray();
        (double Rate, double Rows, double QueuedRows) Measure(GenerationEngine engine)
        {
            var before = engine.Stats;
            engine.Generate(requests, sampling, CancellationToken.None);
            var after = engine.Stats;
            var steps = after.DecodeSteps - before.DecodeSteps;
            var queued = after.QueuedDecodeSteps - before.QueuedDecodeSteps;
            var seconds = (after.Elapsed - before.Elapsed).TotalSeconds;
            return ((after.GeneratedTokens - before.GeneratedTokens) / seconds,
                steps == 0 ? 0 : (double)(after.RowSteps - before.RowSteps) / steps,
                queued == 0 ? 0 : (double)(after.QueuedRowSteps - before.QueuedRowSteps) / queued);
        }

        (double Rate, double Rows, double QueuedRows) c, w;
        if (repetition % 2 == 0)
        {
            c = Measure(continuous);
            w = Measure(waves);
        }
        else
        {
            w = Measure(waves);
            c = Measure(continuous);
        }

        Console.Error.WriteLine($"harvest: engine {c.Rate:N0} tokens/s at {c.Rows:N1} rows/step; waves {w.Rate:N0} tokens/s at {w.Rows:N1} rows/step");
        return (c.Rate, w.Rate, c.Rows, w.Rows, c.QueuedRows);
    }

    private static string Report(
        List<List<PolicyFigures>> figures, List<List<PolicyFigures>> curatedFigures, List<int> lostToGuard,
        List<(PolicyFigures Figures, double Seconds)> real, List<(PolicyFigures Figures, double Seconds)> realSaturating, List<(PolicyFigures Figures, double Seconds)> realGuarded,
        List<(PolicyFigures Plain, PolicyFigures Saturating, PolicyFigures Flat, PolicyFigures Guarded, PolicyFigures CuratedFlat)> realReplays, List<double> flatSeconds,
        List<(double ContinuousRate, double WaveRate, double ContinuousRows, double WaveRows, double QueuedRows)> engineRows,
        int problems, int perFamily, int realProblems, int budget, int target, int maxTokens, int engineProblems, int engineSamples,
        string commit, DateTime startedAt, string loadBefore, string arguments)
    {
        var text = new StringBuilder();
        void Line(string line) => text.AppendLine(line);
        Line("# Adaptive harvesting and continuous batching");
        Line("");
        Line(string.Create(CultureInfo.InvariantCulture, $"Run {startedAt:yyyy-MM-dd HH:mm} UTC at commit {commit}; {ResultsFile.MachineDescription()}; load average {loadBefore} at the start."));
        Line(string.Create(CultureInfo.InvariantCulture,
            $"Command: `dotnet run -c Release --project tests/DataFactory.Benchmarks -- harvest{(arguments.Length == 0 ? "" : " " + arguments)}` ({problems} problems: the first {perFamily} of each bundled example family), bundled tiny-reasoner on CPU, {maxTokens} new tokens at most, temperature 0.8, {figures.Count} repetitions with seeds 20261206 + repetition, ONNX Runtime MaxBatchRows 64."));
        Line("");
        Line(string.Create(CultureInfo.InvariantCulture,
            $"Each repetition generates {budget} candidates per problem once (flat n={budget}) and replays every policy over them: a candidate's seed depends only on (run seed, problem, index), so a policy that draws k candidates of a problem draws exactly its first k. Adaptive policies replay the early stop inside a round (a problem's rows leave once its finished candidates hold K distinct verified traces; a row stopped counts the tokens it had). Real adaptive runs (K={target}, B={budget}, plain and with the saturation stop) through the default engine (static waves), in rounds and with the early stop, check the replays: their tokens below must equal the replays'{(realProblems == problems ? "" : $" (the real runs take the first {realProblems / 4} problems of each family, {realProblems} in all; their rows, and the tokens vs flat n={budget} in them, are over those problems, and so is the replay they are compared with)")}. The saturation stop (`run --saturation`) also stops a problem short of K distinct paths once it has at least K verified candidates and the Good–Turing estimate of new paths from its next round (round size × paths seen once ÷ candidates drawn) is below 1, checked at the end of each round on the next round and, as each candidate finishes, on the rest of its round and the next round together (the replays model both; a row stopped counts the tokens it had); only a covered problem can stop that way."));
        Line("");
        Line("| policy | problems covered, % | exhausted | saturated | candidates | tokens | tokens vs flat n=" + budget + " | distinct traces | distinct traces per M tokens |");
        Line("|---|---|---|---|---|---|---|---|---|");
        string Row(string policy, IReadOnlyList<PolicyFigures> rows, double[] flat) => string.Create(CultureInfo.InvariantCulture,
            $"| {policy} | {Spread.Describe([.. rows.Select(r => r.CoveragePercent)], "F1")} | {Spread.Describe([.. rows.Select(r => (double)r.Exhausted)], "F0")} | {Spread.Describe([.. rows.Select(r => (double)r.Saturated)], "F0")} | {Spread.Describe([.. rows.Select(r => (double)r.Candidates)], "N0")} | {Spread.Describe([.. rows.Select(r => (double)r.Tokens)], "N0")} | {Spread.Describe([.. rows.Select((r, k) => 100.0 * r.Tokens / flat[k])], "F1")} % | {Spread.Describe([.. rows.Select(r => (double)r.DistinctTraces)], "N0")} | {Spread.Describe([.. rows.Select(r => r.TracesPerMillionTokens)], "F0")} |");
        var flatFull = figures.Select(f => (double)f.Single(p => p.Policy == $"flat n={budget}").Tokens).ToArray();
        for (var i = 0; i < figures[0].Count; i++)
        {
            var rows = figures.Select(f => f[i]).ToArray();
            Line(Row(rows[0].Policy, rows, flatFull));
        }

        var live = real.Select(r => r.Figures).ToArray();
        var liveSaturating = realSaturating.Select(r => r.Figures).ToArray();
        var realFlat = realReplays.Select(r => (double)r.Flat.Tokens).ToArray();
        var realLabel = realProblems == problems ? "" : $" ({realProblems} problems)";
        Line(Row($"adaptive K={target} B={budget}, real engine run{realLabel}", live, realFlat));
        Line(Row($"adaptive K={target} B={budget}, saturation, real engine run{realLabel}", liveSaturating, realFlat));
        Line("");
        var replayed = figures.Select(f => f.Single(p => p.Policy == $"adaptive K={target} B={budget}")).ToArray();
        var replayedSaturating = figures.Select(f => f.Single(p => p.Policy == $"adaptive K={target} B={budget}, saturation")).ToArray();
        foreach (var (name, replays, lives) in new[] { ("plain", realReplays.Select(r => r.Plain).ToArray(), live), ("with saturation", realReplays.Select(r => r.Saturating).ToArray(), liveSaturating) })
        {
            var agree = replays.Zip(lives).All(p => p.First.Tokens == p.Second.Tokens && p.First.Covered == p.Second.Covered && p.First.DistinctTraces == p.Second.DistinctTraces);
            Line(agree
                ? $"The real adaptive runs ({name}) spent the same tokens, covered the same problems and found the same distinct traces as their replays in every repetition."
                : $"The real adaptive runs ({name}) did NOT match their replays in every repetition: " + string.Join("; ", replays.Zip(lives).Select(p => $"replay {p.First.Tokens} tokens / {p.First.Covered} covered / {p.First.DistinctTraces} distinct, real {p.Second.Tokens} / {p.Second.Covered} / {p.Second.DistinctTraces}")) + ".");
        }

        Line(string.Create(CultureInfo.InvariantCulture,
            $"Wall time: flat n={budget} {Spread.Describe(flatSeconds, "F0")} s, adaptive {Spread.Describe([.. real.Select(r => r.Seconds)], "F0")} s, adaptive with saturation {Spread.Describe([.. realSaturating.Select(r => r.Seconds)], "F0")} s."));
        Line("");
        Line("Targets (issue 20), on the medians:");
        var flat64 = figures.Select(f => f.Single(p => p.Policy == $"flat n={budget}")).ToArray();
        foreach (var (name, rows) in new[] { ($"adaptive K={target} B={budget}", replayed), ($"adaptive K={target} B={budget} with saturation", replayedSaturating) })
        {
            Line(TokenTarget(name, rows, flat64, budget) + ".");
        }

        if (AtFlat16Tokens(figures) is { } atFlat16)
        {
            Line(atFlat16);
        }

        Line("");
        CuratedSection(Line, Row, curatedFigures, lostToGuard, realGuarded, realReplays, flatFull, realFlat, realLabel, budget, target);
        Line("");
        Line(string.Create(CultureInfo.InvariantCulture, $"## Engine: continuous batching against static waves ({engineProblems} problems × {engineSamples} candidates, MaxBatchRows 64)"));
        Line("");
        Line("| engine | tokens/s | mean rows per step |");
        Line("|---|---|---|");
        Line($"| continuous batching | {Spread.Describe([.. engineRows.Select(r => r.ContinuousRate)], "N0")} | {Spread.Describe([.. engineRows.Select(r => r.ContinuousRows)], "F1")} |");
        Line($"| static waves (previous engine) | {Spread.Describe([.. engineRows.Select(r => r.WaveRate)], "N0")} | {Spread.Describe([.. engineRows.Select(r => r.WaveRows)], "F1")} |");
        var speedup = Spread.Median(engineRows.Select(r => r.ContinuousRate / r.WaveRate));
        var occupancy = Spread.Median(engineRows.Select(r => r.ContinuousRows / 64 * 100));
        var queuedOccupancy = Spread.Median(engineRows.Select(r => r.QueuedRows / 64 * 100));
        Line("");
        Line(string.Create(CultureInfo.InvariantCulture,
            $"Speed-up {speedup:F2}× (target: at least 1.3×): {(speedup >= 1.3 ? "met" : "NOT met")}. While candidates were waiting for a row, continuous batching averaged {queuedOccupancy:F1} % of MaxBatchRows per step (target: at least 90 %: {(queuedOccupancy >= 90 ? "met" : "NOT met")}); over the whole call, its draining tail included, {occupancy:F1} %."));
        return text.ToString();
    }

    /// <summary>
    /// The default curation's section: the same candidates counted as `run` counts them without --keep-flawed (a
    /// verified trace with a false step is neither stored nor counted toward K), without and with the step guard of
    /// `run --stop-on-false-step`, whose real run checks its replay.
    /// </summary>
    private static void CuratedSection(
        Action<string> line, Func<string, IReadOnlyList<PolicyFigures>, double[], string> row, List<List<PolicyFigures>> curatedFigures, List<int> lostToGuard,
        List<(PolicyFigures Figures, double Seconds)> realGuarded,
        List<(PolicyFigures Plain, PolicyFigures Saturating, PolicyFigures Flat, PolicyFigures Guarded, PolicyFigures CuratedFlat)> realReplays,
        double[] flatFull, double[] realFlat, string realLabel, int budget, int target)
    {
        line("## The default curation, and candidates stopped at their first false step");
        line("");
        line(string.Create(CultureInfo.InvariantCulture,
            $"The same candidates, counted as `run` counts them by default (without --keep-flawed): a verified candidate with a false checkable step (flawed) is not stored, so it neither covers its problem nor counts toward K or the saturation stop; the table above counts it. Rows marked \"stop on false step\" replay `run --stop-on-false-step`: the engine's step guard (`StepGuardDetector.TokensUntilFalse`, the code the engine runs) is replayed over each candidate's tokens, and a candidate whose complete lines first hold a claim the step checkers judge false (`PartialStepCheck`) ends after that line, with the tokens it had; such a candidate never counts. Tokens are against flat n={budget} without the stop (today's flat policy). A real adaptive run (K={target}, B={budget}, saturation, stop on false step) through the engine checks its replay."));
        line("");
        line("| policy (default curation) | problems covered, % | exhausted | saturated | candidates | tokens | tokens vs flat n=" + budget + " | distinct traces | distinct traces per M tokens |");
        line("|---|---|---|---|---|---|---|---|---|");
        for (var i = 0; i < curatedFigures[0].Count; i++)
        {
            var rows = curatedFigures.Select(f => f[i]).ToArray();
            line(row(rows[0].Policy, rows, flatFull));
        }

        var live = realGuarded.Select(r => r.Figures).ToArray();
        line(row($"adaptive K={target} B={budget}, saturation, stop on false step, real engine run{realLabel}", live, realFlat));
        line("");
        var replays = realReplays.Select(r => r.Guarded).ToArray();
        var agree = replays.Zip(live).All(p => p.First.Tokens == p.Second.Tokens && p.First.Covered == p.Second.Covered && p.First.DistinctTraces == p.Second.DistinctTraces);
        line(agree
            ? "The real adaptive runs with the stop on false steps spent the same tokens, covered the same problems and found the same distinct traces as their replays in every repetition."
            : "The real adaptive runs with the stop on false steps did NOT match their replays in every repetition: " + string.Join("; ", replays.Zip(live).Select(p => $"replay {p.First.Tokens} tokens / {p.First.Covered} covered / {p.First.DistinctTraces} distinct, real {p.Second.Tokens} / {p.Second.Covered} / {p.Second.DistinctTraces}")) + ".");
        line(string.Create(CultureInfo.InvariantCulture,
            $"Candidates the step guard stops although their whole text is a curated trace (a verified candidate without a false step: the guard would lose it), per repetition: {string.Join(", ", lostToGuard)}. Wall time of the real run with the stop: {Spread.Describe([.. realGuarded.Select(r => r.Seconds)], "F0")} s."));
        line("");
        line("Targets (issue 20) under the default curation, on the medians:");
        var flat64 = curatedFigures.Select(f => f.Single(p => p.Policy == $"flat n={budget}")).ToArray();
        var flat64Guarded = curatedFigures.Select(f => f.Single(p => p.Policy == $"flat n={budget}, stop on false step")).ToArray();
        foreach (var name in new[] { $"adaptive K={target} B={budget}", $"adaptive K={target} B={budget}, saturation", $"adaptive K={target} B={budget}, stop on false step", $"adaptive K={target} B={budget}, saturation, stop on false step" })
        {
            var rows = curatedFigures.Select(f => f.Single(p => p.Policy == name)).ToArray();
            var againstGuarded = Spread.Median(rows.Select((r, k) => 100.0 * r.Tokens / flat64Guarded[k].Tokens));
            line(TokenTarget(name, rows, flat64, budget) + string.Create(CultureInfo.InvariantCulture, $"; {againstGuarded:F1} % of flat n={budget} with the stop on false steps too."));
        }

        if (AtFlat16Tokens(curatedFigures) is { } atFlat16)
        {
            line(atFlat16);
        }
    }

    /// <summary>The token target's line for one adaptive row against flat n=B: coverage gap, share of its tokens, verdict.</summary>
    private static string TokenTarget(string name, IReadOnlyList<PolicyFigures> rows, IReadOnlyList<PolicyFigures> flat, int budget)
    {
        var coverageGap = Spread.Median(rows.Select(r => r.CoveragePercent)) - Spread.Median(flat.Select(r => r.CoveragePercent));
        var tokenShare = Spread.Median(rows.Select((r, k) => 100.0 * r.Tokens / flat[k].Tokens));
        return string.Create(CultureInfo.InvariantCulture,
            $"- {name} against flat n={budget}: coverage {coverageGap:+0.0;-0.0} points (target: within 1), tokens {tokenShare:F1} % (target: at most 40 %): {(coverageGap >= -1 && tokenShare <= 40 ? "met" : "NOT met")}");
    }

    /// <summary>The coverage target at flat n=16's tokens: the best adaptive row of the table within them; null without a flat n=16 row.</summary>
    private static string? AtFlat16Tokens(List<List<PolicyFigures>> figures)
    {
        var flat16 = figures.Select(f => f.SingleOrDefault(p => p.Policy == "flat n=16")).ToArray();
        if (flat16.Any(f => f is null))
        {
            return null;
        }

        var budgetTokens = Spread.Median(flat16.Select(f => (double)f!.Tokens));
        var within = figures.SelectMany(f => f).Where(p => p.Policy.StartsWith("adaptive", StringComparison.Ordinal))
            .GroupBy(p => p.Policy)
            .Select(g => (Policy: g.Key, Tokens: Spread.Median(g.Select(p => (double)p.Tokens)), Coverage: Spread.Median(g.Select(p => p.CoveragePercent))))
            .Where(g => g.Tokens <= budgetTokens)
            .OrderByDescending(g => g.Coverage)
            .FirstOrDefault();
        var flatCoverage = Spread.Median(flat16.Select(f => f!.CoveragePercent));
        return within.Policy is null
            ? "- at the tokens of flat n=16: no adaptive setting in the table spends that little; see the coverage against budget above for where coverage saturates."
            : string.Create(CultureInfo.InvariantCulture,
                $"- at the tokens of flat n=16 ({budgetTokens:N0}): the best adaptive setting within them, {within.Policy}, covers {within.Coverage:F1} % against {flatCoverage:F1} % ({within.Coverage - flatCoverage:+0.0;-0.0} points; target: at least +10): {(within.Coverage - flatCoverage >= 10 ? "met" : "NOT met")}.");
    }

    /// <summary>The pipeline's early stop as the replay models it: verified candidates as they finish, joined to the earlier rounds', until K distinct paths.</summary>
    /// <summary>The early stop of the benchmark's real adaptive runs: each finished candidate verified and put to the policy, as the pipeline does.</summary>
    private sealed class PolicyStop(
        VerifierRegistry verifiers, StepCheckerRegistry checkers, bool curated, Problem problem, IProblemHarvest harvest, int round, List<ChainSignature> earlier) : IEarlyStop
    {
        private readonly List<ChainSignature> _heard = [.. earlier];
        private int _finished;

        public bool Enough(GeneratedCandidate finished)
        {
            _finished++;
            if (verifiers.Verify(problem, finished.Text).IsCorrect && !(curated && checkers.Check(problem, finished.Text).IsFlawed))
            {
                _heard.Add(ChainSignature.Of(finished.Text));
            }

            return harvest.StopsInRound(round, _finished, DistinctChains.Count(_heard), () => PathSample.Of(_heard));
        }
    }
}
