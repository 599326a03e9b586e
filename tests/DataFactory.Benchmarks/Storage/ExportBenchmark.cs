using System.Diagnostics;
using System.Text;
using DataFactory.Storage.Export;

namespace DataFactory.Benchmarks.Storage;

/// <summary>
/// `export`: JSON Lines throughput of <c>TraceExporter</c> over PostgreSQL, and memory against the
/// number of traces (a set of N/10 traces and one of N). Output goes to a byte-counting sink.
/// Options: --postgres CS, --traces N (1000000), --per-problem K (8), --chars C (1000), --repetitions R (3:
/// every export R times in turn; the median and range are reported).
/// </summary>
public static class ExportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var traces = options.Int("traces", 1_000_000);
        var perProblem = options.Int("per-problem", 8);
        var chars = options.Int("chars", 1000);
        var repetitions = Math.Max(1, options.Int("repetitions", 3));
        var ct = CancellationToken.None;

        await using var database = await BenchDatabase.CreateAsync(options.Postgres(), ct);
        var synthetic = new SyntheticRun(database, perProblem, chars);
        var clock = Stopwatch.StartNew();
        foreach (var (set, count) in new[] { ("small", traces / 10), ("big", traces) })
        {
            var (run, _) = await synthetic.CreateAsync(set, count / perProblem, ct);
            await synthetic.WriteAllAsync(run, 64, 2, ct);
        }

        await database.ScalarAsync("VACUUM ANALYZE", ct);
        var loadTime = clock.Elapsed;

        var cpu = await CpuMeter.ForServerAsync(database, ct);
        var sets = new[] { "small", "big" };
        var formats = new[] { ExportFormat.Chat, ExportFormat.PromptCompletion, ExportFormat.Raw };
        var runs = sets.SelectMany(set => formats.Select(format => (Set: set, Format: format))).ToArray();
        var measures = runs.ToDictionary(r => r, _ => new List<Measure>());

        // A first pass warms the JIT and the server's cache; it is not reported. Then every export runs once
        // per repetition, in turn, so drift in the machine's speed reaches all of them alike.
        await ExportOnceAsync(database, cpu, "small", ExportFormat.Chat, ct);
        for (var repetition = 1; repetition <= repetitions; repetition++)
        {
            foreach (var run in runs)
            {
                var m = await ExportOnceAsync(database, cpu, run.Set, run.Format, ct);
                measures[run].Add(m);
                Console.Error.WriteLine($"export: repetition {repetition}/{repetitions}, {run.Set} {Name(run.Format)}: {StorageReport.F(m.Bytes / m.Seconds / 1e6)} MB/s");
            }
        }

        var rows = new List<string>();
        var ok = true;
        double bigChatRate = 0;
        string bigChatRates = string.Empty;
        long smallPeak = 0, bigPeak = 0;
        foreach (var run in runs)
        {
            var list = measures[run];
            var rates = list.Select(m => m.Bytes / m.Seconds / 1e6).ToArray();
            var rate = Spread.Median(rates);
            var typical = list[Array.IndexOf(rates, rates.OrderBy(r => Math.Abs(r - rate)).First())];
            var seconds = Spread.Median(list.Select(m => m.Seconds));
            rows.Add($"| {run.Set} | {Name(run.Format)} | {StorageReport.F(typical.Traces)} | {StorageReport.F(typical.Bytes / 1e6, "N1")} MB | " +
                $"{StorageReport.F(seconds, "N2")} s | **{StorageReport.F(rate)} MB/s** ({StorageReport.F(rates.Min())}–{StorageReport.F(rates.Max())}) | {StorageReport.F(Spread.Median(list.Select(m => m.Traces / m.Seconds)))} | " +
                $"{StorageReport.F(list.Max(m => m.HeapGrowth) / 1e6, "N1")} MB | {StorageReport.F(list.Max(m => m.PeakWorkingSet) / 1e6)} MB | " +
                $"{StorageReport.F(Spread.Median(list.Select(m => m.Bytes / 1e6 / m.ClientCpu)))} / {StorageReport.F(Spread.Median(list.Select(m => m.Bytes / 1e6 / m.ServerCpu)))} |");
            ok &= list.All(m => m.Traces == (run.Set == "big" ? traces : traces / 10) / perProblem * perProblem);
            if (run.Set == "big" && run.Format == ExportFormat.Chat)
            {
                bigChatRate = rate;
                bigChatRates = string.Join(", ", rates.Select(r => StorageReport.F(r)));
            }

            if (run.Set == "small")
            {
                smallPeak = Math.Max(smallPeak, list.Max(m => m.HeapGrowth));
            }
            else
            {
                bigPeak = Math.Max(bigPeak, list.Max(m => m.HeapGrowth));
            }
        }

        var report = new StringBuilder()
            .AppendLine("# Export: JSON Lines from PostgreSQL")
            .AppendLine()
            .AppendLine($"Command: `source tests/services.sh start && dotnet run -c Release --project tests/DataFactory.Benchmarks -- export{Shown(args)}`")
            .AppendLine()
            .AppendLine($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; commit {ResultsFile.Commit()}")
            .AppendLine($"- Machine: {StorageReport.Machine()}")
            .AppendLine($"- Server: {await StorageReport.PostgresAsync(database, ct)} (the throwaway test cluster of tests/services.sh, on the same cores as the benchmark)")
            .AppendLine($"- Data: set `small` with {StorageReport.F(traces / 10)} traces and set `big` with {StorageReport.F(traces)} traces, {perProblem} per problem, ~{chars} characters each " +
                $"(loaded through BatchWriter in {StorageReport.F(loadTime.TotalSeconds, "N1")} s, then VACUUM ANALYZE)")
            .AppendLine($"- Load average at the end: {IngestBenchmark.LoadAverage()} (the machine is shared; wall-clock rates vary with it)")
            .AppendLine("- Output: a byte-counting sink (no disk); MB = 10^6 bytes of UTF-8 JSON Lines. Heap growth: peak managed heap during the export minus the heap before it, sampled every 10 ms.")
            .AppendLine($"- {repetitions} repetitions: every export below ran {repetitions} times, in turn (after one unreported warm-up export); throughput is the median (min–max), time, traces/s and MB per CPU-second the medians, heap growth and working set the largest of the repetitions.")
            .AppendLine("- MB per CPU-second: output megabytes per CPU-second spent by the exporting process / by the PostgreSQL server (from /proc), the figure that does not depend on other load.")
            .AppendLine()
            .AppendLine("| set | format | traces | output | time | throughput | traces/s | heap growth | peak working set | MB per CPU-s client / server |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            report.AppendLine(row);
        }

        report.AppendLine()
            .AppendLine($"- Target >= 200 MB/s on {StorageReport.F(traces)} traces (chat): {(bigChatRate >= 200 ? "met" : "NOT met")} ({StorageReport.F(bigChatRate)} MB/s, the median of {bigChatRates}).")
            .AppendLine($"- Memory flat in the number of traces: peak heap growth {StorageReport.F(smallPeak / 1e6, "N1")} MB for {StorageReport.F(traces / 10)} traces, " +
                $"{StorageReport.F(bigPeak / 1e6, "N1")} MB for {StorageReport.F(traces)} (10x the traces).");
        var path = StorageReport.Write("export", report.ToString());
        Console.WriteLine(report);
        Console.WriteLine($"written to {path}");
        return ok ? 0 : 1;
    }

    // The command's arguments as the report shows them: a connection string is not written to the results.
    private static string Shown(string[] args)
    {
        var shown = args.Where((arg, i) => arg != "--postgres" && (i == 0 || args[i - 1] != "--postgres")).ToArray();
        return shown.Length > 0 ? " " + string.Join(' ', shown) : string.Empty;
    }

    private static string Name(ExportFormat format) => format switch
    {
        ExportFormat.Chat => "chat",
        ExportFormat.PromptCompletion => "prompt-completion",
        _ => "raw",
    };

    private static async Task<Measure> ExportOnceAsync(BenchDatabase database, CpuMeter? cpu, string set, ExportFormat format, CancellationToken ct)
    {
        await using var context = database.CreateContext();
        var sink = new CountingStream();
        ExportResult result;
        MemorySampler sampler;
        var clock = Stopwatch.StartNew();
        var before = cpu?.Snapshot();
        await using (sampler = new MemorySampler())
        {
            clock.Restart();
            result = await new TraceExporter(context).ExportAsync(
                sink, new ExportOptions { SetName = set, Format = format, SystemPrompt = "You are a careful mathematician. Reason step by step." }, null, ct);
            clock.Stop();
        }

        var after = cpu?.Snapshot();
        return new Measure(
            result.Traces,
            sink.Count,
            clock.Elapsed.TotalSeconds,
            Math.Max(0, sampler.PeakHeap - sampler.BaselineHeap),
            sampler.PeakWorkingSet,
            after is { } a && before is { } b ? a.Client - b.Client : double.NaN,
            after is { } a2 && before is { } b2 ? a2.Server - b2.Server : double.NaN);
    }

    private sealed record Measure(long Traces, long Bytes, double Seconds, long HeapGrowth, long PeakWorkingSet, double ClientCpu, double ServerCpu);
}
