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
/// Options: <c>--seconds N</c> per measurement (default 10), <c>--concurrency N</c> for the parallel
/// measurement (default: logical cores).
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

        var rows = new List<Measurement>
        {
            await MeasureAsync("sandbox only: `bwrap … /usr/bin/true`", 1, measureFor, ct => StartAsync(bare, startup, ct)),
            await MeasureAsync("sandbox + interpreter: `bwrap … python3 -c pass`", 1, measureFor, ct => StartAsync(python, startup, ct)),
            await MeasureAsync("full code verification", 1, measureFor, _ => Task.FromResult(verifier.Verify(problem, Candidate).IsCorrect)),
        };
        if (parallel > 1)
        {
            rows.Add(await MeasureAsync("full code verification", parallel, measureFor, _ => Task.FromResult(verifier.Verify(problem, Candidate).IsCorrect)));
        }

        var report = Report(sandbox, measureFor, rows);
        Console.WriteLine(report);
        Console.WriteLine($"written to {ResultsFile.Write("sandbox", report)}");
        return rows.All(r => r.Failures == 0) ? 0 : 1;
    }

    private static async Task<bool> StartAsync(IReadOnlyList<string> command, TimeSpan startup, CancellationToken cancellationToken)
    {
        var run = await SandboxProcess.RunAsync(command, [], startup, startup, 1 << 16, cancellationToken);
        return run.ExitCode == 0;
    }

    private static async Task<Measurement> MeasureAsync(string name, int concurrency, TimeSpan measureFor, Func<CancellationToken, Task<bool>> execute)
    {
        // Warm-up: JIT up to the optimised tier (its CPU time would count), page cache, the sandbox probe.
        for (var i = 0; i < WarmUp; i++)
        {
            await execute(CancellationToken.None);
        }

        var latencies = new List<double>[concurrency];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            while (clock.Elapsed < measureFor)
            {
                var start = Stopwatch.GetTimestamp();
                var ok = await execute(CancellationToken.None);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Measurement(name, concurrency, all.Count, all.Count / elapsed.TotalSeconds, Percentile(all, 0.5), Percentile(all, 0.95), all[^1], failures);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static string Report(SandboxOptions sandbox, TimeSpan measureFor, List<Measurement> rows)
    {
        var b = new StringBuilder();
        b.AppendLine("# Code sandbox benchmark");
        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project tests/DataFactory.Benchmarks -- sandbox`, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        b.AppendLine(CultureInfo.InvariantCulture, $"Machine: {ResultsFile.MachineDescription()}. {Version()}; {(Environment.IsPrivilegedProcess ? "run as root, so bubblewrap is started unprivileged by setpriv" : "run unprivileged")}.");
        b.AppendLine();
        b.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Each row runs for {measureFor.TotalSeconds:F0} s after {WarmUp} warm-up executions, every execution a fresh sandbox with the default limits ")
            + string.Create(CultureInfo.InvariantCulture, $"({sandbox.WallClockSeconds} s wall clock, {sandbox.CpuSeconds} s CPU, {sandbox.MemoryMegabytes} MiB, {sandbox.MaxProcesses} processes, {sandbox.MaxOutputBytes >> 20} MiB output, {sandbox.TempMegabytes} MiB /tmp). ")
            + "The full verification is `VerifierRegistry.Verify` on a code problem: a palindrome function, three top-level asserts and two test functions; "
            + "it extracts the code block, starts the sandbox and the harness, sets the limits, runs the program and the tests, and returns a correct verdict.");
        b.AppendLine();
        b.AppendLine("| measurement | at once | executions | executions/s | p50 ms | p95 ms | max ms | failed |");
        b.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Concurrency} | {r.Count:N0} | {r.PerSecond:F1} | {r.P50:F1} | {r.P95:F1} | {r.Max:F1} | {r.Failures} |");
        }

        b.AppendLine();
        b.AppendLine("Executions per second and latency depend on how busy the machine was (the load average above): on this shared machine they varied several-fold between runs.");

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

    private sealed record Measurement(string Name, int Concurrency, int Count, double PerSecond, double P50, double P95, double Max, int Failures);
}
