using System.Diagnostics;
using System.Text;
using DataFactory.Storage.Export;

namespace DataFactory.Benchmarks.Storage;

/// <summary>
/// `export`: JSON Lines throughput of <c>TraceExporter</c> over PostgreSQL, and memory against the
/// number of traces (a set of N/10 traces and one of N). Output goes to a byte-counting sink.
/// Options: --postgres CS, --traces N (1000000), --per-problem K (8), --chars C (1000).
/// </summary>
public static class ExportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var traces = options.Int("traces", 1_000_000);
        var perProblem = options.Int("per-problem", 8);
        var chars = options.Int("chars", 1000);
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
        var rows = new List<string>();
        var ok = true;
        double bigChatRate = 0;
        long smallPeak = 0, bigPeak = 0;

        // A first pass warms the JIT and the server's cache; it is not reported.
        await ExportOnceAsync(database, cpu, "small", ExportFormat.Chat, ct);
        foreach (var set in new[] { "small", "big" })
        {
            foreach (var format in new[] { ExportFormat.Chat, ExportFormat.PromptCompletion, ExportFormat.Raw })
            {
                var m = await ExportOnceAsync(database, cpu, set, format, ct);
                var rate = m.Bytes / m.Seconds / 1e6;
                rows.Add($"| {set} | {Name(format)} | {StorageReport.F(m.Traces)} | {StorageReport.F(m.Bytes / 1e6, "N1")} MB | " +
                    $"{StorageReport.F(m.Seconds, "N2")} s | **{StorageReport.F(rate)} MB/s** | {StorageReport.F(m.Traces / m.Seconds)} | " +
                    $"{StorageReport.F(m.HeapGrowth / 1e6, "N1")} MB | {StorageReport.F(m.PeakWorkingSet / 1e6)} MB | " +
                    $"{StorageReport.F(m.Bytes / 1e6 / m.ClientCpu)} / {StorageReport.F(m.Bytes / 1e6 / m.ServerCpu)} |");
                ok &= m.Traces == (set == "big" ? traces : traces / 10) / perProblem * perProblem;
                if (set == "big" && format == ExportFormat.Chat)
                {
                    bigChatRate = rate;
                }

                if (set == "small")
                {
                    smallPeak = Math.Max(smallPeak, m.HeapGrowth);
                }
                else
                {
                    bigPeak = Math.Max(bigPeak, m.HeapGrowth);
                }
            }
        }

        var report = new StringBuilder()
            .AppendLine("# Export: JSON Lines from PostgreSQL")
            .AppendLine()
            .AppendLine("Command: `source tests/services.sh start && dotnet run -c Release --project tests/DataFactory.Benchmarks -- export`")
            .AppendLine()
            .AppendLine($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; commit {ResultsFile.Commit()}")
            .AppendLine($"- Machine: {StorageReport.Machine()}")
            .AppendLine($"- Server: {await StorageReport.PostgresAsync(database, ct)} (the throwaway test cluster of tests/services.sh, on the same cores as the benchmark)")
            .AppendLine($"- Data: set `small` with {StorageReport.F(traces / 10)} traces and set `big` with {StorageReport.F(traces)} traces, {perProblem} per problem, ~{chars} characters each " +
                $"(loaded through BatchWriter in {StorageReport.F(loadTime.TotalSeconds, "N1")} s, then VACUUM ANALYZE)")
            .AppendLine($"- Load average at the end: {IngestBenchmark.LoadAverage()} (the machine is shared; wall-clock rates vary with it)")
            .AppendLine("- Output: a byte-counting sink (no disk); MB = 10^6 bytes of UTF-8 JSON Lines. Heap growth: peak managed heap during the export minus the heap before it, sampled every 10 ms.")
            .AppendLine("- MB per CPU-second: output megabytes per CPU-second spent by the exporting process / by the PostgreSQL server (from /proc), the figure that does not depend on other load.")
            .AppendLine()
            .AppendLine("| set | format | traces | output | time | throughput | traces/s | heap growth | peak working set | MB per CPU-s client / server |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            report.AppendLine(row);
        }

        report.AppendLine()
            .AppendLine($"- Target >= 200 MB/s on {StorageReport.F(traces)} traces (chat): {(bigChatRate >= 200 ? "met" : "NOT met")} ({StorageReport.F(bigChatRate)} MB/s).")
            .AppendLine($"- Memory flat in the number of traces: peak heap growth {StorageReport.F(smallPeak / 1e6, "N1")} MB for {StorageReport.F(traces / 10)} traces, " +
                $"{StorageReport.F(bigPeak / 1e6, "N1")} MB for {StorageReport.F(traces)} (10x the traces).");
        var path = StorageReport.Write("export", report.ToString());
        Console.WriteLine(report);
        Console.WriteLine($"written to {path}");
        return ok ? 0 : 1;
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
