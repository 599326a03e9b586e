using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataFactory.Benchmarks.Storage;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Sandbox;
using DataFactory.Sandbox.Bubblewrap;

namespace DataFactory.Benchmarks.Sandbox;

/// <summary>
/// Code-sandbox throughput: sandboxed executions per second and their latency, for the sandbox alone
/// (<c>bwrap … true</c>), the sandbox with the interpreter (<c>python3 -c pass</c>), and a full code
/// verification (extraction, limits, the candidate's program and its tests, the verdict) at one and at
/// several at once. Writes benchmarks/results/sandbox.md.
/// Each measurement runs for <c>--seconds</c> and at least <c>--min-executions</c> executions, so one stalled
/// execution on a loaded machine cannot make a row of two executions (an earlier one-at-a-time row showed
/// 0.1/s from 2 executions, one of them 14 s); the rows repeat <c>--repeats</c> times in turn.
/// Options: <c>--seconds N</c> per measurement (default 10), <c>--min-executions N</c> (default 20),
/// <c>--repeats N</c> (default 3), <c>--concurrency N</c> for the parallel measurement (default: logical cores).
/// </summary>
internal static class SandboxBenchmark
{
    private const int WarmUp = 40;

    private const string Tests = """
        assert is_palindrome("racecar")
        assert is_palindrome("A man, a plan, a canal: Panama")
        assert not is_palindrome("hello")

        def test_empty():
            assert is_palindrome("")

        def test_digits():
            assert is_palindrome("12321") and not is_palindrome("123")
        """;

    private const string Candidate = """
        We keep only letters and digits, lower-cased, and compare with the reverse.

        ```python
        def is_palindrome(text):
            kept = [c.lower() for c in text if c.isalnum()]
            return kept == kept[::-1]
        ```
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var measureFor = TimeSpan.FromSeconds(options.Int("seconds", 10));
        var minimum = options.Int("min-executions", 20);
        var repeats = Math.Max(1, options.Int("repeats", 3));
        var startedAt = DateTime.UtcNow;
        var loadBefore = ResultsFile.LoadAverage();
        var commit = ResultsFile.Commit();
        var parallel = options.Int("concurrency", Environment.ProcessorCount);
        var sandbox = new SandboxOptions { MaxConcurrentRuns = Math.Max(parallel, 1) };
        using var runner = new BubblewrapTestRunner(sandbox);
        if (await runner.CheckAvailabilityAsync(CancellationToken.None) is { } reason)
        {
            Console.Error.WriteLine($"sandbox unavailable: {reason}");
            return 1;
        }

        var verifier = VerifierRegistry.CreateDefault(runner);
        var problem = new Problem { Id = "palindrome", Prompt = "Write is_palindrome(text).", Kind = TaskKind.Code, Tests = Tests };
        var verdict = verifier.Verify(problem, Candidate);
        if (!verdict.IsCorrect)
        {
            Console.Error.WriteLine($"the benchmark candidate must pass: {verdict.Status}: {verdict.Reason}");
            return 1;
        }

        var asRoot = Environment.IsPrivilegedProcess;
        var bare = BubblewrapCommand.Build(sandbox, asRoot, ["/usr/bin/true"]);
        var python = BubblewrapCommand.Build(sandbox, asRoot, [sandbox.PythonPath, "-s", "-B", "-c", "pass"]);
        var startup = TimeSpan.FromSeconds(sandbox.StartupSeconds);

        var kinds = new List<(string Name, int Concurrency, Func<CancellationToken, Task<bool>> Execute)>
        {
            ("sandbox only: `bwrap … /usr/bin/true`", 1, ct => StartAsync(bare, startup, ct)),
            ("sandbox + interpreter: `bwrap … python3 -c pass`", 1, ct => StartAsync(python, startup, ct)),
            ("full code verification", 1, _ => Task.FromResult(verifier.Verify(problem, Candidate).IsCorrect)),
        };
        if (parallel > 1)
        {
            kinds.Add(("full code verification", parallel, _ => Task.FromResult(verifier.Verify(problem, Candidate).IsCorrect)));
        }

        // The rows take turns (ABCD ABCD …), so a change in the machine's load hits each of them.
        var rows = kinds.Select(_ => new List<Measurement>()).ToArray();
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            for (var i = 0; i < kinds.Count; i++)
            {
                var (name, concurrency, execute) = kinds[i];
                var measurement = await MeasureAsync(name, concurrency, measureFor, minimum, repeat == 0 ? WarmUp : 0, execute);
                rows[i].Add(measurement);
                Console.Error.WriteLine($"sandbox: {name}, {concurrency} at once, repeat {repeat + 1}/{repeats}: {measurement.Count} executions, {measurement.PerSecond:F1}/s, p50 {measurement.P50:F0} ms, max {measurement.Max:F0} ms");
            }
        }

        var report = Report(sandbox, measureFor, minimum, rows, startedAt, loadBefore, commit);
        Console.WriteLine(report);
        Console.WriteLine($"written to {ResultsFile.Write("sandbox", report)}");
        return rows.All(list => list.All(r => r.Failures == 0)) ? 0 : 1;
    }

    private static async Task<bool> StartAsync(IReadOnlyList<string> command, TimeSpan startup, CancellationToken cancellationToken)
    {
        var run = await SandboxProcess.RunAsync(command, [], startup, startup, 1 << 16, cancellationToken);
        return run.ExitCode == 0;
    }

    private static async Task<Measurement> MeasureAsync(
        string name, int concurrency, TimeSpan measureFor, int minimum, int warmUp, Func<CancellationToken, Task<bool>> execute)
    {
        // Warm-up: JIT up to the optimised tier (its CPU time would count), page cache, the sandbox probe.
        for (var i = 0; i < warmUp; i++)
        {
            await execute(CancellationToken.None);
        }

        var latencies = new List<double>[concurrency];
        var failures = 0;
        var done = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            while (clock.Elapsed < measureFor || Volatile.Read(ref done) < minimum)
            {
                var start = Stopwatch.GetTimestamp();
                var ok = await execute(CancellationToken.None);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Increment(ref done);
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Measurement(
            name, concurrency, all.Count, all.Count / elapsed.TotalSeconds, Percentile(all, 0.5), Percentile(all, 0.95), all[^1], all.Count(ms => ms >= 5_000), failures);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static string Report(
        SandboxOptions sandbox, TimeSpan measureFor, int minimum, List<Measurement>[] rows, DateTime startedAt, string loadBefore, string commit)
    {
        var b = new StringBuilder();
        b.AppendLine("# Code sandbox benchmark");
        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project tests/DataFactory.Benchmarks -- sandbox`, {startedAt:yyyy-MM-dd HH:mm} UTC, commit {commit}.");
        b.AppendLine(CultureInfo.InvariantCulture, $"Machine: {ResultsFile.MachineDescription()} (load average {loadBefore} before). {Version()}; {(Environment.IsPrivilegedProcess ? "run as root, so bubblewrap is started unprivileged by setpriv" : "run unprivileged")}.");
        b.AppendLine();
        b.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Each measurement runs for {measureFor.TotalSeconds:F0} s and at least {minimum} executions (the first of each row after {WarmUp} warm-up executions); the rows take turns, {rows[0].Count} times each. Every execution is a fresh sandbox with the default limits ")
            + string.Create(CultureInfo.InvariantCulture, $"({sandbox.WallClockSeconds} s wall clock, {sandbox.StartupSeconds} s to start, {sandbox.CpuSeconds} s CPU, {sandbox.MemoryMegabytes} MiB, {sandbox.MaxProcesses} processes, {sandbox.MaxOutputBytes >> 20} MiB output, {sandbox.TempMegabytes} MiB /tmp). ")
            + "The full verification is `VerifierRegistry.Verify` on a code problem: a palindrome function, three top-level asserts and two test functions; "
            + "it extracts the code block, starts the sandbox and the harness, sets the limits, runs the program and the tests, and returns a correct verdict.");
        b.AppendLine();
        b.AppendLine("| measurement | at once | executions/s, median (min–max) | executions/s per repeat | executions | p50 ms, median | p95 ms, median | max ms | executions ≥ 5 s | failed |");
        b.AppendLine("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var list in rows)
        {
            var r = list[0];
            b.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Concurrency} | {Spread.Describe(list.Select(m => m.PerSecond).ToArray(), "F1")} | {Spread.List(list.Select(m => m.PerSecond), "F1")} | {list.Sum(m => m.Count):N0} | " +
                $"{Spread.Median(list.Select(m => m.P50)):F1} | {Spread.Median(list.Select(m => m.P95)):F1} | {list.Max(m => m.Max):F1} | {list.Sum(m => m.Stalls)} | {list.Sum(m => m.Failures)} |");
        }

        b.AppendLine();
        b.AppendLine("Executions per second and latency depend on how busy the machine was (the load average above): on this shared machine they varied several-fold between runs.");
        b.AppendLine("An earlier version of this file showed full code verification one at a time at 0.1 executions/s from 2 executions (p50 14 s) under load average 27: "
            + "each row then ran for its time box only, and an execution that stalls for several seconds on an overloaded machine (the sandbox allows "
            + "30 s to start; the python row had a 12 s one as well) left that row with two executions, so its rate measured one stall, not the sandbox. "
            + "Rows now run at least the minimum number of executions, repeat in turn, and count executions of 5 s or more separately.");
        b.AppendLine(CultureInfo.InvariantCulture, $"Load average at the end: {ResultsFile.LoadAverage()}.");

        return b.ToString();
    }

    private static string Version()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/bwrap", "--version") { RedirectStandardOutput = true })!;
            var bwrap = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", "--version") { RedirectStandardOutput = true })!;
            var version = python.StandardOutput.ReadToEnd().Trim();
            python.WaitForExit();
            return $"{bwrap}, {version}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "bubblewrap version unknown";
        }
    }

    private sealed record Measurement(string Name, int Concurrency, int Count, double PerSecond, double P50, double P95, double Max, int Stalls, int Failures);
}
