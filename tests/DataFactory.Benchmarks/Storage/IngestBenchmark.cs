using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DataFactory.Benchmarks.Storage;

/// <summary>
/// `ingest`: verified traces written per second into PostgreSQL through <c>BatchWriter</c> (one
/// transaction per batch: attempts, traces, run counters), as workers write them. Then the same
/// batches again, as a redelivery, which must write nothing. With a second, durable server
/// (<c>--durable-postgres</c> or DATAFACTORY_TEST_POSTGRES_DURABLE, `source tests/services.sh start-durable`)
/// the two servers are measured alternately, each <c>--repeats</c> times, each run on a fresh database.
/// Options: --postgres CS, --durable-postgres CS, --repeats N (3), --traces N (400000), --per-problem K (8),
/// --batch P (64 problems), --writers W (2), --chars C (1000).
/// </summary>
public static class IngestBenchmark
{
    internal static string LoadAverage() => ResultsFile.LoadAverage() + $" on {Environment.ProcessorCount} cores";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var traces = options.Int("traces", 400_000);
        var perProblem = options.Int("per-problem", 8);
        var batch = options.Int("batch", 64);
        var writers = options.Int("writers", 2);
        var chars = options.Int("chars", 1000);
        var repeats = options.Int("repeats", 3);
        var problems = traces / perProblem;
        var ct = CancellationToken.None;
        var startedAt = DateTime.UtcNow;
        var loadBefore = LoadAverage();
        var commit = ResultsFile.Commit();

        var servers = new List<(string Label, string ConnectionString)> { ("test cluster", options.Postgres()) };
        if ((options.Get("durable-postgres") ?? Environment.GetEnvironmentVariable("DATAFACTORY_TEST_POSTGRES_DURABLE")) is { } durable)
        {
            servers.Add(("durable cluster", durable));
        }

        var settings = new List<string>();
        foreach (var (_, connectionString) in servers)
        {
            await using var database = await BenchDatabase.CreateAsync(connectionString, ct);
            settings.Add(await StorageReport.PostgresAsync(database, ct));
        }

        var results = servers.Select(_ => new List<IngestMeasurement>()).ToArray();
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            // Alternate which server goes first, so a drift in the machine's load hits both alike.
            var order = Enumerable.Range(0, servers.Count).ToArray();
            if (repeat % 2 == 1)
            {
                Array.Reverse(order);
            }

            foreach (var index in order)
            {
                var measurement = await MeasureAsync(servers[index].ConnectionString, problems, perProblem, chars, batch, writers, ct);
                results[index].Add(measurement);
                Console.Error.WriteLine($"ingest: {servers[index].Label}, repeat {repeat + 1}/{repeats}: {StorageReport.F(measurement.Rate)} traces/s");
            }
        }

        var main = results[0];
        var mainRate = Spread.Median(main.Select(m => m.Rate));
        var ok = results.All(list => list.All(m => m.Consistent && m.Written == traces - (traces % perProblem)));
        var report = new StringBuilder()
            .AppendLine("# Ingest: verified traces written to PostgreSQL")
            .AppendLine()
            .AppendLine("Command: `source tests/services.sh start && source tests/services.sh start-durable && dotnet run -c Release --project tests/DataFactory.Benchmarks -- ingest` " +
                "(without start-durable, the test cluster alone)")
            .AppendLine()
            .AppendLine($"- Date: {startedAt:yyyy-MM-dd HH:mm} UTC; commit {commit}")
            .AppendLine($"- Machine: {StorageReport.Machine()}; load average before {loadBefore}, at the end {LoadAverage()} (the machine is shared with other builds; the servers were measured alternately so the load hits both)")
            .AppendLine($"- Workload: {StorageReport.F(problems)} problems x {perProblem} distinct verified traces of ~{chars} characters; " +
                $"batches of {batch} problems ({batch * perProblem} traces), {writers} concurrent writers, one transaction per batch " +
                "(attempts with ON CONFLICT DO NOTHING; one unique-index probe per trace for texts the problem already has, then the rest by binary COPY; run counters). traces: primary key, unique (problem, trace hash) and (problem, run, id) indexes, no foreign key")
            .AppendLine($"- Each run on a fresh database of its server, after a warm-up run of 2,000 problems; {repeats} runs per server, alternating (ABAB…, the first server alternating); the figure is the median, with min–max.");
        for (var i = 0; i < servers.Count; i++)
        {
            report.AppendLine($"- {Capitalised(servers[i].Label)}: {settings[i]}{(i == 0 ? " (the throwaway test cluster of tests/services.sh; durability traded for speed)" : " (tests/services.sh start-durable: the same as the test cluster but fsync, synchronous_commit and full_page_writes on, as on a production server)")}, on the same cores as the benchmark");
        }

        report
            .AppendLine()
            .AppendLine($"| measure | {string.Join(" | ", servers.Select(s => s.Label))} |")
            .AppendLine($"|---|{string.Concat(servers.Select(_ => "---|"))}")
            .AppendLine($"| durability | {string.Join(" | ", settings.Select(Durability))} |")
            .AppendLine($"| **ingest rate, median (min–max)** | {string.Join(" | ", results.Select(list => "**" + Spread.Describe(list.Select(m => m.Rate).ToArray(), "N0") + " traces/s**"))} |")
            .AppendLine($"| runs (traces/s, in order) | {string.Join(" | ", results.Select(list => Spread.List(list.Select(m => m.Rate), "N0")))} |")
            .AppendLine($"| traces per run | {string.Join(" | ", results.Select(list => $"{StorageReport.F(list[0].Written)}, median {StorageReport.F(Spread.Median(list.Select(m => m.Ingest.TotalSeconds)), "N2")} s"))} |")
            .AppendLine($"| text rate, median | {string.Join(" | ", results.Select(list => StorageReport.F(Spread.Median(list.Select(m => m.Rate)) * (chars + 40) / 1e6, "N1") + " MB/s"))} |")
            .AppendLine($"| CPU per 100,000 traces, median (client / server) | {string.Join(" | ", results.Select(Cpu))} |")
            .AppendLine($"| redelivery of every batch, median | {string.Join(" | ", results.Select(list => $"{StorageReport.F(list.Max(m => m.Rewritten))} traces written, {StorageReport.F(Spread.Median(list.Select(m => m.Redelivery.TotalSeconds)), "N2")} s"))} |")
            .AppendLine($"| problem import (binary COPY), median | {string.Join(" | ", results.Select(list => $"{StorageReport.F(problems)} problems in {StorageReport.F(Spread.Median(list.Select(m => m.Import.TotalSeconds)), "N2")} s"))} |")
            .AppendLine($"| traces table with indexes | {string.Join(" | ", results.Select(list => list[^1].TableSize))} |")
            .AppendLine($"| consistency | {string.Join(" | ", results.Select(list => list.All(m => m.Consistent) ? "every trace stored once, redelivery wrote nothing" : "MISMATCH"))} |")
            .AppendLine()
            .AppendLine($"- Target >= 50,000 traces/s (on the test cluster, median): {(mainRate >= 50_000 ? "met" : "NOT met")} ({StorageReport.F(mainRate)}).");
        if (results.Length > 1)
        {
            var durableRate = Spread.Median(results[1].Select(m => m.Rate));
            report.AppendLine($"- With fsync, synchronous_commit and full_page_writes on: {StorageReport.F(durableRate)} traces/s, {StorageReport.F(durableRate / mainRate * 100, "N0")} % of the test cluster's rate; target {(durableRate >= 50_000 ? "met" : "NOT met")} there.");
        }

        var path = StorageReport.Write("ingest", report.ToString());
        Console.WriteLine(report);
        Console.WriteLine($"written to {path}");
        return ok ? 0 : 1;
    }

    private static async Task<IngestMeasurement> MeasureAsync(string server, int problems, int perProblem, int chars, int batch, int writers, CancellationToken ct)
    {
        await using var database = await BenchDatabase.CreateAsync(server, ct);
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

        var stored = long.Parse(await database.ScalarAsync($"SELECT count(*) FROM traces WHERE run_id = '{run.RunId}'", ct), CultureInfo.InvariantCulture);
        var tableSize = await database.ScalarAsync("SELECT pg_size_pretty(pg_total_relation_size('traces'))", ct);
        return new IngestMeasurement(
            written, ingest,
            cpuBefore is { } b && cpuAfter is { } a ? a.Client - b.Client : null,
            cpuBefore is { } b2 && cpuAfter is { } a2 ? a2.Server - b2.Server : null,
            rewritten, redelivery, problems, importTime, tableSize,
            rewritten == 0 && stored == written);
    }

    private static string Cpu(List<IngestMeasurement> list) =>
        list.All(m => m.ClientCpuSeconds is not null && m.ServerCpuSeconds is not null)
            ? $"{StorageReport.F(Spread.Median(list.Select(m => m.ClientCpuSeconds!.Value * 1e5 / m.Written)), "N2")} s / {StorageReport.F(Spread.Median(list.Select(m => m.ServerCpuSeconds!.Value * 1e5 / m.Written)), "N2")} s"
            : "not measured (needs Linux /proc)";

    // The three settings that decide whether a committed batch survives a crash, as the server reports them.
    private static string Durability(string settings)
    {
        var names = new[] { "fsync", "synchronous_commit", "full_page_writes" };
        return string.Join(", ", settings.Split(['(', ';', ',', ')'], StringSplitOptions.TrimEntries).Where(part => names.Any(n => part.StartsWith(n + "=", StringComparison.Ordinal))));
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
