using System.Diagnostics;
using System.Text;

namespace DataFactory.Benchmarks.Storage;

/// <summary>
/// `ingest`: verified traces written per second into PostgreSQL through <c>BatchWriter</c> (one
/// transaction per batch: attempts, traces, run counters), as workers write them. Then the same
/// batches again, as a redelivery, which must write nothing.
/// Options: --postgres CS, --traces N (400000), --per-problem K (8), --batch P (64 problems),
/// --writers W (2), --chars C (1000).
/// </summary>
public static class IngestBenchmark
{
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + $" on {Environment.ProcessorCount} cores" : "unknown";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var traces = options.Int("traces", 400_000);
        var perProblem = options.Int("per-problem", 8);
        var batch = options.Int("batch", 64);
        var writers = options.Int("writers", 2);
        var chars = options.Int("chars", 1000);
        var problems = traces / perProblem;
        var ct = CancellationToken.None;

        await using var database = await BenchDatabase.CreateAsync(options.Postgres(), ct);
        var synthetic = new SyntheticRun(database, perProblem, chars);
        var (run, importTime) = await synthetic.CreateAsync("ingest", problems, ct);

        // Warm-up on a separate run of a small set, so JIT and connection pools are ready.
        var (warm, _) = await synthetic.CreateAsync("warm-up", 2_000, ct);
        await synthetic.WriteAllAsync(warm, batch, writers, ct);

        var cpu = await CpuMeter.ForServerAsync(database, ct);
        var cpuBefore = cpu?.Snapshot();
        var clock = Stopwatch.StartNew();
        var written = await synthetic.WriteAllAsync(run, batch, writers, ct);
        var ingest = clock.Elapsed;
        var cpuAfter = cpu?.Snapshot();

        clock.Restart();
        var rewritten = await synthetic.WriteAllAsync(run, batch, writers, ct);
        var redelivery = clock.Elapsed;

        var stored = long.Parse(await database.ScalarAsync($"SELECT count(*) FROM traces WHERE run_id = '{run.RunId}'", ct), System.Globalization.CultureInfo.InvariantCulture);
        var tableSize = await database.ScalarAsync("SELECT pg_size_pretty(pg_total_relation_size('traces'))", ct);
        var rate = written / ingest.TotalSeconds;
        var megabytes = written * (chars + 40) / ingest.TotalSeconds / 1e6;
        var ok = written == traces - (traces % perProblem) && rewritten == 0 && stored == written;

        var report = new StringBuilder()
            .AppendLine("# Ingest: verified traces written to PostgreSQL")
            .AppendLine()
            .AppendLine("Command: `source tests/services.sh start && dotnet run -c Release --project tests/DataFactory.Benchmarks -- ingest`")
            .AppendLine()
            .AppendLine($"- Machine: {StorageReport.Machine()}")
            .AppendLine($"- Server: {await StorageReport.PostgresAsync(database, ct)} (the throwaway test cluster of tests/services.sh, on the same cores as the benchmark)")
            .AppendLine($"- Workload: {StorageReport.F(problems)} problems x {perProblem} distinct verified traces of ~{chars} characters; " +
                $"batches of {batch} problems ({batch * perProblem} traces), {writers} concurrent writers, one transaction per batch " +
                "(attempts with ON CONFLICT DO NOTHING; one unique-index probe per trace for texts the problem already has, then the rest by binary COPY; run counters). traces: primary key, unique (problem, trace hash) and (problem, run, id) indexes, no foreign key")
            .AppendLine()
            .AppendLine("| measure | value |")
            .AppendLine("|---|---|")
            .AppendLine($"| traces written | {StorageReport.F(written)} in {StorageReport.F(ingest.TotalSeconds, "N2")} s |")
            .AppendLine($"| **ingest rate** | **{StorageReport.F(rate)} traces/s** ({StorageReport.F(megabytes, "N1")} MB/s of text) |")
            .AppendLine(cpuBefore is { } b && cpuAfter is { } a
                ? $"| CPU per 100,000 traces | client {StorageReport.F((a.Client - b.Client) * 1e5 / written, "N2")} s, server {StorageReport.F((a.Server - b.Server) * 1e5 / written, "N2")} s " +
                  $"=> {StorageReport.F(written / (a.Client - b.Client + a.Server - b.Server))} traces per CPU-second |"
                : "| CPU per trace | not measured (needs Linux /proc) |")
            .AppendLine($"| load average during the run | {LoadAverage()} |")
            .AppendLine($"| redelivery of every batch | {StorageReport.F(rewritten)} traces written, {StorageReport.F(redelivery.TotalSeconds, "N2")} s ({StorageReport.F(written / redelivery.TotalSeconds)} traces/s checked) |")
            .AppendLine($"| problem import (binary COPY) | {StorageReport.F(problems)} problems in {StorageReport.F(importTime.TotalSeconds, "N2")} s ({StorageReport.F(problems / importTime.TotalSeconds)} problems/s) |")
            .AppendLine($"| traces table with indexes | {tableSize} |")
            .AppendLine($"| target | >= 50,000 traces/s: {(rate >= 50_000 ? "met" : "NOT met")} |")
            .AppendLine($"| consistency | {(ok ? "every trace stored once, redelivery wrote nothing" : "MISMATCH")} |");
        var path = StorageReport.Write("ingest", report.ToString());
        Console.WriteLine(report);
        Console.WriteLine($"written to {path}");
        return ok ? 0 : 1;
    }
}
