using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataFactory.Benchmarks.Storage;
using DataFactory.Core.Steps;
using DataFactory.Core.Verification;
using DataFactory.Storage;
using DataFactory.Storage.Migration;
using DataFactory.Storage.Regrade;
using Microsoft.Data.Sqlite;

namespace DataFactory.Benchmarks.Regrade;

/// <summary>
/// `regrade`: re-checking stored candidates after a verifier version change, on PostgreSQL and on the
/// embedded SQLite store. Per repetition a fresh set of N candidates stored by revision 0 (2 % of them
/// overturned by the current revision), then three regrades: the one after the change (reads, verifies
/// and writes every row, moves the overturned ones), the second (nothing due), and <c>--all</c> (verifies
/// every row again, moves nothing). Options: --postgres CS, --candidates N (100000), --repeat R (3),
/// --chars C (1000), --providers postgres,sqlite.
/// </summary>
public static class RegradeBenchmark
{
    private const int Traces = 2;
    private const int Rejected = 8;
    private const double Target = 20_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var candidates = options.Int("candidates", 100_000);
        var repeat = options.Int("repeat", 3);
        var chars = options.Int("chars", 1000);
        var providers = (options.Get("providers") ?? "postgres,sqlite").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var problems = candidates / (Traces + Rejected);
        var ct = CancellationToken.None;
        var loadBefore = IngestBenchmark.LoadAverage();
        var verifiers = VerifierRegistry.CreateDefault();
        var stepCheckers = StepCheckerRegistry.CreateDefault();

        var rows = new List<string>();
        var notes = new List<string>();
        var ok = true;
        double postgresMedian = double.NaN;
        foreach (var provider in providers)
        {
            await using var store = await BenchStore.CreateAsync(provider, options, ct);
            if (store.Postgres is { } database)
            {
                notes.Insert(0, $"Server: {await StorageReport.PostgresAsync(database, ct)} (the throwaway test cluster of tests/services.sh, on the same cores as the benchmark)");
            }
            else
            {
                notes.Insert(0, "Embedded store: SQLite file in the temporary folder, the settings the embedded mode uses");
            }

            var seed = new RegradeSeed(store.CreateContext, Traces, Rejected, chars);
            var cpu = store.Postgres is { } server ? await CpuMeter.ForServerAsync(server, ct) : null;
            var clientRates = new List<double>();
            var serverRates = new List<double>();
            var after = new List<double>();
            var second = new List<double>();
            var all = new List<double>();
            for (var r = 0; r < repeat; r++)
            {
                var set = $"regrade-{r}";
                var seeding = Stopwatch.StartNew();
                await seed.SeedAsync(set, problems, ct);
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{provider} repetition {r + 1}: {problems * (Traces + Rejected):N0} candidates stored in {seeding.Elapsed.TotalSeconds:F1} s"));

                var clientBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
                var serverBefore = cpu?.Snapshot().Server;
                var change = await RegradeAsync(store, verifiers, stepCheckers, new RegradeOptions { SetName = set }, ct);
                clientRates.Add(change.Checked / (Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - clientBefore));
                if (cpu is not null && serverBefore is { } sb)
                {
                    serverRates.Add(change.Checked / (cpu.Snapshot().Server - sb));
                }

                var again = await RegradeAsync(store, verifiers, stepCheckers, new RegradeOptions { SetName = set }, ct);
                var everything = await RegradeAsync(store, verifiers, stepCheckers, new RegradeOptions { SetName = set, All = true }, ct);
                var expectedMoves = (problems + 9) / 10;
                ok &= change.Checked == problems * (Traces + Rejected) && change.ToTraces == expectedMoves && change.ToRejected == expectedMoves;
                ok &= again.Checked == 0 && everything.NothingMoved && everything.Checked == change.Checked;
                after.Add(change.Checked / change.Elapsed.TotalSeconds);
                second.Add(again.Elapsed.TotalSeconds);
                all.Add(everything.Checked / everything.Elapsed.TotalSeconds);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{provider} #{r + 1}: after the change {change.Checked:N0} in {change.Elapsed.TotalSeconds:F2} s ({change.ToTraces} to traces, {change.ToRejected} to rejected); second {again.Elapsed.TotalSeconds:F2} s; --all {everything.Elapsed.TotalSeconds:F2} s"));
            }

            var perCpu = Spread.Describe(clientRates, "N0") + " / " + (serverRates.Count > 0 ? Spread.Describe(serverRates, "N0") : "in process");
            rows.Add($"| {provider} | {StorageReport.F(problems * (Traces + Rejected))} | **{Spread.Describe(after, "N0")}** | {perCpu} | {Spread.Describe(second, "N2")} s | {Spread.Describe(all, "N0")} |");
            if (provider == "postgres")
            {
                postgresMedian = Spread.Median(after);
            }
        }

        var report = new StringBuilder()
            .AppendLine("# Regrade: re-checking stored candidates after a verifier version change")
            .AppendLine()
            .AppendLine("Command: `source tests/services.sh start && dotnet run -c Release --project tests/DataFactory.Benchmarks -- regrade"
                + (args.Length > 0 ? " " + string.Join(' ', args.Where(a => !a.StartsWith("Host=", StringComparison.Ordinal))) : "") + "`")
            .AppendLine()
            .AppendLine($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; commit {ResultsFile.Commit()}")
            .AppendLine($"- Machine: {StorageReport.Machine()}; load average before {loadBefore}, at the end {IngestBenchmark.LoadAverage()} (the machine is shared; wall-clock rates follow the load)")
            .AppendLine($"- Data per repetition: a fresh set of {StorageReport.F(problems)} math problems, each with {Traces} traces and {Rejected} rejected candidates of ~{chars} characters " +
                "(rejected ones Brotli-compressed), all stored as verifier revision 0 with step checks of the current checker; every tenth problem has one wrong trace and one right rejected candidate " +
                "that revision 0 misjudged, so the regrade after the change moves 2 % of the rows. Verification on every core (Parallel.For), default batch of 512 problems per transaction.")
            .AppendLine($"- Repetitions: {repeat} per provider (median (min–max)); providers in turn: {string.Join(", ", providers)}.")
            .AppendLine("- Columns: **after the change**: candidates re-checked per second by the first regrade (reads every row, verifies it, rewrites its version, moves the overturned rows, updates attempts and runs); " +
                "**per CPU-second**: the same candidates over the CPU seconds the regrading process / the PostgreSQL server spent on them (from /proc; the figure that does not depend on other load); " +
                "**second regrade**: wall time of running it again (nothing due); **--all**: candidates per second re-verifying every row with the current revision (nothing moves).")
            .AppendLine()
            .AppendLine("| store | candidates | after the change (candidates/s) | per CPU-second, process / server | second regrade | --all (candidates/s) |")
            .AppendLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            report.AppendLine(row);
        }

        report.AppendLine();
        if (!double.IsNaN(postgresMedian))
        {
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- Target >= {Target:N0} candidates/s on PostgreSQL (median, after the change): {(postgresMedian >= Target ? "met" : "NOT met")} ({postgresMedian:N0})."));
        }

        report.AppendLine($"- Moves and idempotence checked in every repetition (exactly the overturned rows moved; the second regrade found nothing due; --all moved nothing): {(ok ? "yes" : "NO")}.");
        foreach (var note in notes)
        {
            report.AppendLine($"- {note}");
        }

        var path = StorageReport.Write("regrade", report.ToString());
        Console.WriteLine(report);
        Console.WriteLine($"written to {path}");
        return ok ? 0 : 1;
    }

    private static async Task<RegradeReport> RegradeAsync(
        BenchStore store, VerifierRegistry verifiers, StepCheckerRegistry stepCheckers, RegradeOptions options, CancellationToken ct)
    {
        await using var context = store.CreateContext();
        return await new Regrader(context, verifiers, stepCheckers).RegradeAsync(options, null, ct);
    }

    /// <summary>A throwaway store: a PostgreSQL database on the test server, or an SQLite file.</summary>
    private sealed class BenchStore : IAsyncDisposable
    {
        private BenchDatabase? _postgres;
        private string? _folder;
        private StoreOptions _options = null!;

        public static async Task<BenchStore> CreateAsync(string provider, BenchArgs args, CancellationToken ct)
        {
            var store = new BenchStore();
            if (provider == "postgres")
            {
                store._postgres = await BenchDatabase.CreateAsync(args.Postgres(), ct);
                store._options = store._postgres.Options;
            }
            else if (provider == "sqlite")
            {
                store._folder = Path.Combine(Path.GetTempPath(), $"df-regrade-{Guid.NewGuid():N}");
                Directory.CreateDirectory(store._folder);
                store._options = new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(store._folder, "store.db")}" };
                await StoreMigrator.MigrateAsync(store._options, ct);
            }
            else
            {
                throw new ArgumentException($"Unknown provider '{provider}' (postgres or sqlite).", nameof(provider));
            }

            return store;
        }

        public BenchDatabase? Postgres => _postgres;

        public DataFactoryDbContext CreateContext() => new(_options.ToDbContextOptions());

        public async ValueTask DisposeAsync()
        {
            if (_postgres is not null)
            {
                await _postgres.DisposeAsync();
            }

            if (_folder is not null)
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(_folder, recursive: true);
            }
        }
    }
}
