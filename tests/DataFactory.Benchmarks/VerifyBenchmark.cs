using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataFactory.Core.Verification.MathAnswers;

namespace DataFactory.Benchmarks;

/// <summary>
/// Math verification throughput on one thread: checks per second on the realistic mix, the single-check
/// latency distribution, and the slowest hostile input. Writes benchmarks/results/verify.md.
/// </summary>
internal static class VerifyBenchmark
{
    private static readonly TimeSpan MeasureFor = TimeSpan.FromSeconds(5);

    public static int Run(string[] args)
    {
        var verifier = new MathVerifier();
        var cases = VerifyCases.Realistic();
        var hostile = VerifyCases.Hostile();

        // Warm-up: JIT and tiering.
        for (var pass = 0; pass < 3; pass++)
        {
            RunPass(verifier, cases, null, null);
        }

        // Pre-sized so that growing it never lands a collection inside a timed check.
        var latencies = new List<long>(cases.Count * 400);
        var fastestPerCase = new long[cases.Count];
        Array.Fill(fastestPerCase, long.MaxValue);
        var passes = 0;
        var started = Stopwatch.GetTimestamp();
        long elapsed;
        do
        {
            RunPass(verifier, cases, latencies, fastestPerCase);
            passes++;
            elapsed = Stopwatch.GetTimestamp() - started;
        }
        while (Stopwatch.GetElapsedTime(started) < MeasureFor);

        var slowest = RepeatSlowest(verifier, cases, fastestPerCase);

        var checks = (long)passes * cases.Count;
        var perSecond = checks / (elapsed / (double)Stopwatch.Frequency);
        latencies.Sort();

        var hostileResults = hostile.Select(c =>
        {
            verifier.Check(c.Gold, c.Candidate);
            var t = Stopwatch.GetTimestamp();
            var verdict = verifier.Check(c.Gold, c.Candidate);
            return (c.Id, Ms: Milliseconds(Stopwatch.GetTimestamp() - t), verdict);
        }).ToList();

        var report = Report(cases.Count, passes, checks, perSecond, latencies, slowest, hostileResults);
        Console.WriteLine(report);
        Console.WriteLine($"written to {ResultsFile.Write("verify", report)}");
        return 0;
    }

    private static void RunPass(MathVerifier verifier, List<VerifyCase> cases, List<long>? latencies, long[]? fastestPerCase)
    {
        for (var i = 0; i < cases.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            verifier.Check(cases[i].Gold, cases[i].Candidate);
            var ticks = Stopwatch.GetTimestamp() - start;
            latencies?.Add(ticks);
            if (fastestPerCase is not null && ticks < fastestPerCase[i])
            {
                fastestPerCase[i] = ticks;
            }
        }
    }

    /// <summary>
    /// The host is shared, so a single measurement can include a descheduling or a collection. The ten
    /// checks whose fastest time over all passes is the largest are timed again 50 times each; the
    /// largest median is the slowest check's cost.
    /// </summary>
    private static (string Id, long FastestTicks, long MedianTicks) RepeatSlowest(MathVerifier verifier, List<VerifyCase> cases, long[] fastestPerCase)
    {
        var result = (Id: string.Empty, FastestTicks: 0L, MedianTicks: 0L);
        foreach (var index in Enumerable.Range(0, cases.Count).OrderByDescending(i => fastestPerCase[i]).Take(10))
        {
            var times = new long[50];
            for (var r = 0; r < times.Length; r++)
            {
                var start = Stopwatch.GetTimestamp();
                verifier.Check(cases[index].Gold, cases[index].Candidate);
                times[r] = Stopwatch.GetTimestamp() - start;
            }

            Array.Sort(times);
            if (times[times.Length / 2] > result.MedianTicks)
            {
                result = (cases[index].Id, fastestPerCase[index], times[times.Length / 2]);
            }
        }

        return result;
    }

    private static string Report(int mixSize, int passes, long checks, double perSecond, List<long> sorted,
        (string Id, long FastestTicks, long MedianTicks) slowest, List<(string Id, double Ms, DataFactory.Core.Verification.Verdict Verdict)> hostile)
    {
        string Percentile(double p) => Microseconds(sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))]);
        var b = new StringBuilder();
        b.AppendLine("# Math verification benchmark");
        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project tests/DataFactory.Benchmarks -- verify`, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {ResultsFile.Commit()}.");
        b.AppendLine(CultureInfo.InvariantCulture, $"Machine: {ResultsFile.MachineDescription()}. One thread.");
        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"Realistic mix: {mixSize} checks (365 conformance equivalence pairs, 95 extraction cases, 500 MATH-500 solutions with their answers, 5276 GSM8K model solutions), each a full `MathVerifier.Check(gold, candidate)`: extraction, parsing of both answers, comparison. {passes} passes after 3 warm-up passes.");
        b.AppendLine();
        b.AppendLine("| figure | value |");
        b.AppendLine("| --- | ---: |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| checks per second (one core) | {perSecond:N0} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| checks measured | {checks:N0} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| p50 single check | {Percentile(0.50)} µs |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| p99 single check | {Percentile(0.99)} µs |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| p99.9 single check | {Percentile(0.999)} µs |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| slowest single check, median of 50 repeats | {Microseconds(slowest.MedianTicks)} µs ({slowest.Id}) |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| largest single measurement (includes scheduler and GC noise) | {Microseconds(sorted[^1])} µs |");
        b.AppendLine();
        b.AppendLine("Hostile inputs (one check each, after one warm-up call):");
        b.AppendLine();
        b.AppendLine("| input | ms | verdict |");
        b.AppendLine("| --- | ---: | --- |");
        foreach (var (id, ms, verdict) in hostile)
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"| {id} | {ms:F2} | {verdict.Status}: {verdict.Reason.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        return b.ToString();
    }

    private static string Microseconds(long ticks) => (ticks * 1_000_000.0 / Stopwatch.Frequency).ToString("F1", CultureInfo.InvariantCulture);

    private static double Milliseconds(long ticks) => ticks * 1_000.0 / Stopwatch.Frequency;
}
