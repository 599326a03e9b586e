using System.Text.Json;
using System.Text.RegularExpressions;

namespace DataFactory.IntegrationTests;

/// <summary>
/// The embedded mode as a newcomer uses it, with no servers: <c>import --db</c>, <c>run --local</c>,
/// <c>status --json</c>, <c>export --db</c>; and Ctrl+C or SIGTERM in the middle of a local run.
/// </summary>
public sealed partial class EmbeddedModeTests : IDisposable
{
    private static readonly Dictionary<string, string> Environment = new() { ["DATAFACTORY__MODEL__INTRAOPTHREADS"] = "2" };
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "df-embedded-" + Guid.NewGuid().ToString("N"));

    public EmbeddedModeTests() => Directory.CreateDirectory(_folder);

    private string Db => Path.Combine(_folder, "f.db");

    [Fact]
    public async Task Import_run_local_status_json_and_export_work_on_one_file_with_no_servers()
    {
        var problems = Path.Combine(_folder, "problems.jsonl");
        await File.WriteAllLinesAsync(problems, (await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Examples, "countdown.jsonl"))).Take(6));

        var import = await CliProcess.RunAsync(Environment, null, "import", problems, "--set", "mine", "--db", Db);
        Assert.True(import.Exit == 0, import.Error);
        Assert.Contains("6 added", import.Output, StringComparison.Ordinal);

        var run = await CliProcess.RunAsync(Environment, null, "run", "--set", "mine", "--db", Db, "--local", "--samples", "4", "--seed", "7");
        Assert.True(run.Exit == 0, run.Error);
        var runId = Guid.Parse(run.Output.Trim());
        Assert.Contains("6/6 problems", run.Error, StringComparison.Ordinal);

        var status = await CliProcess.RunAsync(Environment, null, "status", "--db", Db, "--json");
        Assert.True(status.Exit == 0, status.Error);
        var line = Assert.Single(status.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var r = json.RootElement;
        Assert.Equal(runId, r.GetProperty("run_id").GetGuid());
        Assert.Equal("mine", r.GetProperty("set").GetString());
        Assert.Equal("done", r.GetProperty("state").GetString());
        Assert.Equal(7UL, r.GetProperty("seed").GetUInt64());
        Assert.Equal("best-of-n", r.GetProperty("policy").GetString());
        Assert.Equal(6, r.GetProperty("problems_total").GetInt32());
        Assert.Equal(6, r.GetProperty("problems_done").GetInt32());
        Assert.Equal(0, r.GetProperty("problems_failed").GetInt32());
        Assert.Equal(24, r.GetProperty("candidates").GetInt64());
        Assert.InRange(r.GetProperty("correct").GetInt64(), r.GetProperty("traces").GetInt64(), 24);
        Assert.True(r.GetProperty("tokens").GetInt64() > 0);
        Assert.True(r.GetProperty("seconds").GetDouble() > 0);

        var traces = Path.Combine(_folder, "t.jsonl");
        var export = await CliProcess.RunAsync(Environment, null, "export", "--set", "mine", "--db", Db, "--out", traces);
        Assert.True(export.Exit == 0, export.Error);
        Assert.Equal(r.GetProperty("traces").GetInt64(), (await File.ReadAllLinesAsync(traces)).Length);
    }

    [Fact]
    public async Task Status_and_export_refuse_a_store_file_that_does_not_exist()
    {
        var status = await CliProcess.RunAsync(Environment, null, "status", "--db", Path.Combine(_folder, "missing.db"), "--json");
        Assert.Equal(2, status.Exit);
        Assert.Contains("missing.db' does not exist", status.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "missing.db")));
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_local_run_stops_on_a_signal_with_exit_130_and_a_consistent_store(string signal)
    {
        var import = await CliProcess.RunAsync(Environment, null, "import", Path.Combine(RepoPaths.Examples, "countdown.jsonl"), "--set", "big", "--db", Db);
        Assert.True(import.Exit == 0, import.Error);

        await using (var run = CliProcess.Start(Environment, null, "run", "--set", "big", "--db", Db, "--local", "--samples", "4"))
        {
            // Stop it once some problems are stored and while most are still to do.
            Assert.True(await run.WaitForErrorAsync(e => ProgressLine().Matches(e).Any(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0), TimeSpan.FromMinutes(3)), run.Error);
            await run.SignalAsync(signal);
            Assert.True(run.HasExited, run.Error);
            Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}: {run.Error}");
            Assert.Contains("cancelled", run.Error, StringComparison.Ordinal);
        }

        // Whatever was stored is whole: the counters equal the rows, and the export holds every stored trace.
        var status = await CliProcess.RunAsync(Environment, null, "status", "--db", Db, "--json");
        using var json = JsonDocument.Parse(status.Output.Trim());
        var r = json.RootElement;
        Assert.Equal("running", r.GetProperty("state").GetString());
        var done = r.GetProperty("problems_done").GetInt32();
        Assert.InRange(done, 1, 199);
        Assert.Equal(done * 4, r.GetProperty("candidates").GetInt64());
        var traces = Path.Combine(_folder, "t.jsonl");
        var export = await CliProcess.RunAsync(Environment, null, "export", "--set", "big", "--db", Db, "--out", traces);
        Assert.True(export.Exit == 0, export.Error);
        Assert.Equal(r.GetProperty("traces").GetInt64(), (await File.ReadAllLinesAsync(traces)).Length);
        if (signal != "INT")
        {
            return;
        }

        // The stopped run is finished where it stopped: its unfinished problems only, each once.
        var runId = r.GetProperty("run_id").GetString()!;
        var resumed = await CliProcess.RunAsync(Environment, null, "run", "--resume", runId, "--db", Db, "--local");
        Assert.True(resumed.Exit == 0, resumed.Error);
        Assert.Contains($"{200 - done} to process", resumed.Error, StringComparison.Ordinal);
        status = await CliProcess.RunAsync(Environment, null, "status", "--db", Db, "--json", "--run", runId);
        using var after = JsonDocument.Parse(status.Output.Trim());
        Assert.Equal("done", after.RootElement.GetProperty("state").GetString());
        Assert.Equal(200, after.RootElement.GetProperty("problems_done").GetInt32());
        Assert.Equal(800, after.RootElement.GetProperty("candidates").GetInt64());
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [GeneratedRegex(@"run big: (\d+)/200 problems")]
    private static partial Regex ProgressLine();
}
