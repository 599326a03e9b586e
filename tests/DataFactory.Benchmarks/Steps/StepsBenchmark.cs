using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Verification;

namespace DataFactory.Benchmarks.Steps;

/// <summary>
/// What step checking adds to verification: over the demo's candidates (Steps/demo-candidates.jsonl:
/// 16 candidates for each of the demo's 48 problems, the first 12 of each example set, sampled from
/// the bundled model with <c>datafactory generate --chat --samples 16 --max-tokens 384 --seed 1234</c>,
/// correct and wrong alike), the time to verify every candidate's final answer against the time to step-check the
/// correct ones (the pipeline checks steps only where the final answer is correct: flawed means a
/// correct answer with a false step). Each candidate's verification and step check are timed back to
/// back; rounds of passes give the spread; one thread. Writes
/// benchmarks/results/steps-overhead.md. Options: <c>--rounds N</c> (default 7), <c>--seconds S</c>
/// per measurement (default 0.5).
/// </summary>
internal static class StepsBenchmark
{
    public static int Run(string[] args)
    {
        var rounds = IntOption(args, "--rounds", 7);
        var seconds = DoubleOption(args, "--seconds", 0.5);
        var verifiers = VerifierRegistry.CreateDefault();
        var steps = StepCheckerRegistry.CreateDefault();
        var all = Load();
        var correct = all.Where(c => verifiers.Verify(c.Problem, c.Text).IsCorrect).ToList();

        // Warm-up: JIT, tiering and dynamic PGO (shorter warm-ups left the first rounds several times slower).
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(5))
        {
            Verify(verifiers, all);
            Check(steps, all);
        }

        // Rounds of passes; within a pass each candidate is timed on its own, its verification and then its
        // step check, so that both sides of the ratio see the same moments of this shared machine.
        var passes = PassesFor(() => Verify(verifiers, all), seconds);
        var results = new List<(double Verify, double Steps, double AllSteps)>();
        for (var round = 0; round < rounds; round++)
        {
            long verifyTicks = 0, stepTicks = 0, wrongStepTicks = 0;
            for (var pass = 0; pass < passes; pass++)
            {
                foreach (var (problem, text) in all)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var verdict = verifiers.Verify(problem, text);
                    var t1 = Stopwatch.GetTimestamp();
                    steps.Check(problem, text);
                    var t2 = Stopwatch.GetTimestamp();
                    verifyTicks += t1 - t0;
                    if (verdict.IsCorrect)
                    {
                        stepTicks += t2 - t1;
                    }
                    else
                    {
                        wrongStepTicks += t2 - t1;
                    }
                }
            }

            double PerPass(long ticks) => ticks / (double)Stopwatch.Frequency / passes;
            results.Add((PerPass(verifyTicks), PerPass(stepTicks), PerPass(stepTicks + wrongStepTicks)));
        }

        var report = Report(all, correct, steps, results, rounds, seconds);
        Console.WriteLine(report);
        Console.WriteLine($"written to {ResultsFile.Write("steps-overhead", report)}");
        return 0;
    }

    private static List<(Problem Problem, string Text)> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Steps", "demo-candidates.jsonl");
        var list = new List<(Problem, string)>();
        foreach (var line in File.ReadLines(path))
        {
            var row = JsonDocument.Parse(line).RootElement;
            TaskKinds.TryParse(row.GetProperty("kind").GetString(), out var kind);
            var problem = new Problem
            {
                Id = row.GetProperty("id").GetString()!,
                Prompt = row.GetProperty("prompt").GetString()!,
                Kind = kind,
                Answer = row.TryGetProperty("gold", out var gold) ? gold.GetString() : null,
                Numbers = row.TryGetProperty("numbers", out var numbers) ? numbers.EnumerateArray().Select(n => n.GetInt64()).ToList() : null,
                Target = row.TryGetProperty("target", out var target) ? target.GetInt64() : null,
            };
            list.Add((problem, row.GetProperty("candidate").GetString()!));
        }

        return list;
    }

    private static int Verify(VerifierRegistry verifiers, List<(Problem Problem, string Text)> candidates)
    {
        var correct = 0;
        foreach (var (problem, text) in candidates)
        {
            correct += verifiers.Verify(problem, text).IsCorrect ? 1 : 0;
        }

        return correct;
    }

    private static int Check(StepCheckerRegistry steps, List<(Problem Problem, string Text)> candidates)
    {
        var flawed = 0;
        foreach (var (problem, text) in candidates)
        {
            flawed += steps.Check(problem, text).IsFlawed ? 1 : 0;
        }

        return flawed;
    }

    private static int PassesFor(Func<int> pass, double seconds)
    {
        var clock = Stopwatch.StartNew();
        var passes = 0;
        while (clock.Elapsed.TotalSeconds < seconds / 4)
        {
            pass();
            passes++;
        }

        return Math.Max(1, (int)(passes * 4 * seconds / Math.Max(seconds, clock.Elapsed.TotalSeconds)));
    }

    private static string Report(
        List<(Problem Problem, string Text)> all, List<(Problem Problem, string Text)> correct, StepCheckerRegistry steps,
        List<(double Verify, double Steps, double AllSteps)> results, int rounds, double seconds)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        string Us(double secondsPerPass, int count) => (secondsPerPass * 1e6 / count).ToString("F2", CultureInfo.InvariantCulture);
        string Pct(double value) => (value * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";
        var overhead = results.Select(r => r.Steps / r.Verify).ToList();
        var overheadAll = results.Select(r => r.AllSteps / r.Verify).ToList();
        var b = new StringBuilder();
        b.AppendLine("# Step-check overhead benchmark");
        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project tests/DataFactory.Benchmarks -- steps-overhead`, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {Commit()}.");
        b.AppendLine(CultureInfo.InvariantCulture, $"Machine: {ResultsFile.MachineDescription()}. One thread.");
        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"Candidates: `tests/DataFactory.Benchmarks/Steps/demo-candidates.jsonl`, {all.Count} candidates of the bundled model, 16 for each of the demo's 48 problems (the first 12 of each example set), sampled with `datafactory generate --model models/tiny-reasoner --chat --samples 16 --temperature 0.8 --max-tokens 384 --seed 1234`; {correct.Count} with a correct final answer. ");
        b.AppendLine("Verification = every candidate's final answer through `VerifierRegistry.Verify`; step checks = `StepCheckerRegistry.Check` on the candidates with a correct final answer, the only ones the pipeline checks (a flawed trace is a correct final answer with a false step; a wrong answer is rejected whatever its steps). ");
        b.AppendLine(CultureInfo.InvariantCulture, $"{rounds} rounds after 5 s of warm-up passes, each of as many passes over the candidates as take about {seconds.ToString(CultureInfo.InvariantCulture)} s; within a pass every candidate is timed alone, its verification and then its step check (interleaved at the finest grain, so that both sides see the same load).");
        b.AppendLine();
        b.AppendLine("| round | verification, all candidates (µs per candidate) | step checks, correct candidates (µs per correct candidate) | overhead | step checks on every candidate (overhead) |");
        b.AppendLine("| ---: | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            b.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {Us(r.Verify, all.Count)} | {Us(r.Steps, correct.Count)} | {Pct(overhead[i])} | {Pct(overheadAll[i])} |");
        }

        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"Overhead of step checks on verification time: median {Pct(Median(overhead))}, spread {Pct(overhead.Min())} to {Pct(overhead.Max())} (target ≤ 5 %: {(Median(overhead) <= 0.05 ? "met" : "missed")}). Checking every candidate, wrong ones included: median {Pct(Median(overheadAll))}.");
        b.AppendLine();
        b.AppendLine("Per family (one pass each, for orientation):");
        b.AppendLine();
        b.AppendLine("| family | candidates | correct | flawed (correct, false step) | claims checked per correct candidate |");
        b.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var family in all.GroupBy(c => c.Problem.Kind))
        {
            var right = correct.Where(c => c.Problem.Kind == family.Key).ToList();
            var checks = right.Select(c => steps.Check(c.Problem, c.Text)).ToList();
            var perCandidate = right.Count == 0 ? 0 : checks.Average(c => c.Checked);
            b.AppendLine(CultureInfo.InvariantCulture, $"| {family.Key.ToName()} | {family.Count()} | {right.Count} | {checks.Count(c => c.IsFlawed)} | {perCandidate:F1} |");
        }

        return b.ToString();
    }

    private static string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, WorkingDirectory = ResultsFile.RepositoryRoot() });
            var sha = git!.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return sha.Length > 0 ? sha : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    private static double DoubleOption(string[] args, string name, double fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && double.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}
