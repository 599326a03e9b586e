using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DataFactory.IntegrationTests.Runs;

/// <summary>Harvest policies and seeds on <c>run</c>, distributed (PostgreSQL, RabbitMQ, a worker) and embedded (<c>run --local</c>).</summary>
public sealed class HarvestTests : IDisposable
{
    private const string MaxTokens = "320";
    private static readonly Dictionary<string, string> Local = new() { ["DATAFACTORY__MODEL__INTRAOPTHREADS"] = "2" };
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "df-harvest-" + Guid.NewGuid().ToString("N"));

    public HarvestTests() => Directory.CreateDirectory(_folder);

    private string Db => Path.Combine(_folder, "f.db");

    [Fact]
    public async Task Adaptive_flags_on_a_distributed_run_draw_rounds_per_problem_and_status_json_reports_coverage()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        await factory.CliAsync("import", Path.Combine(RepoPaths.Examples, "countdown.jsonl"), "--set", "cd");
        var runId = Guid.Parse((await factory.CliAsync(
            "run", "--set", "cd", "--limit", "6", "--target-verified", "2", "--budget", "16", "--saturation", "--max-tokens", MaxTokens, "--seed", "7")).Trim());

        await using var worker = factory.StartWorker();
        var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(8), worker);
        await worker.StopAsync();

        Assert.Equal(6, counts.Done);

        // Rounds of 8 then 16 cut to the budget: a problem stops once it has 2 verified traces, at the end of a round
        // or inside one (early stop: fewer candidates), or goes on to the budget of 16.
        Assert.Equal(0, await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run AND (candidates > 16 OR candidates < 1)", runId));
        Assert.Equal(0, await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run AND candidates < 16 AND correct < 2", runId));
        var exhausted = await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run AND exhausted", runId);
        Assert.Equal(exhausted, await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run AND candidates = 16 AND correct = 0", runId));

        // The saturation stop needs at least K verified chains: at the end of the first round (8), or inside a round
        // (its rows still decoding leave), never on an exhausted problem.
        var saturated = await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run AND saturated", runId);
        Assert.Equal(0, await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run AND saturated AND (correct < 2 OR exhausted)", runId));

        var status = Status(await factory.CliAsync("status", "--run", runId.ToString(), "--json"));
        Assert.Equal("adaptive", status.GetProperty("policy").GetString());
        Assert.Equal(2, status.GetProperty("target_verified").GetInt32());
        Assert.Equal(16, status.GetProperty("budget").GetInt32());
        Assert.Equal(7UL, status.GetProperty("seed").GetUInt64());
        Assert.Equal(counts.Tokens, status.GetProperty("tokens").GetInt64());
        Assert.Equal(await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run AND correct > 0", runId), status.GetProperty("problems_covered").GetInt32());
        Assert.Equal(exhausted, status.GetProperty("problems_exhausted").GetInt32());
        Assert.True(status.GetProperty("saturation").GetBoolean());
        Assert.Equal(saturated, status.GetProperty("problems_saturated").GetInt32());
        Assert.Equal(counts.Candidates, await factory.ScalarAsync("SELECT sum(candidates) FROM problem_attempts WHERE run_id = @run", runId));
    }

    [Fact]
    public async Task Local_run_takes_the_harvest_flags_and_status_json_reports_tokens_coverage_and_exhaustion()
    {
        await ImportAsync(6);
        var run = await CliProcess.RunAsync(Local, null, "run", "--set", "mine", "--db", Db, "--local", "--target-verified", "2", "--budget", "16", "--max-tokens", MaxTokens, "--seed", "7");
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("harvest adaptive K=2 B=16", run.Error, StringComparison.Ordinal);

        var status = Status((await CliProcess.RunAsync(Local, null, "status", "--db", Db, "--json")).Output);
        Assert.Equal("adaptive", status.GetProperty("policy").GetString());
        Assert.Equal(16, status.GetProperty("budget").GetInt32());
        var candidates = status.GetProperty("candidates").GetInt64();
        Assert.InRange(candidates, 6 * 2, 6 * 16);
        Assert.True(status.GetProperty("tokens").GetInt64() > 0);
        var covered = status.GetProperty("problems_covered").GetInt32();
        var exhausted = status.GetProperty("problems_exhausted").GetInt32();
        Assert.InRange(covered, 1, 6);
        Assert.InRange(exhausted, 0, 6 - covered);
        Assert.Equal(6 - covered, exhausted);

        var raw = Path.Combine(_folder, "raw.jsonl");
        var export = await CliProcess.RunAsync(Local, null, "export", "--set", "mine", "--db", Db, "--format", "raw", "--out", raw);
        Assert.True(export.Exit == 0, export.Error);
        Assert.All(await File.ReadAllLinesAsync(raw), line =>
        {
            using var json = JsonDocument.Parse(line);
            var stats = json.RootElement.GetProperty("stats");
            Assert.Equal(0, stats.GetProperty("exhausted").GetInt64());
            // A covered problem stops at 2 verified traces (inside a round with the early stop) or at the budget.
            Assert.InRange(stats.GetProperty("candidates").GetInt64(), 2, 16);
        });
    }

    [Fact]
    public async Task Saturation_stops_problems_whose_verified_candidates_keep_one_path_and_covers_what_the_plain_policy_covers()
    {
        // Cipher and arithmetic: the bundled model writes one path for most of them, verified again and again.
        foreach (var family in new[] { "cipher", "arithmetic" })
        {
            var file = Path.Combine(_folder, family + ".jsonl");
            await File.WriteAllLinesAsync(file, (await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Examples, family + ".jsonl"))).Take(4));
            var import = await CliProcess.RunAsync(Local, null, "import", file, "--set", "mine", "--db", Db);
            Assert.True(import.Exit == 0, import.Error);
        }

        async Task<(JsonElement Status, Dictionary<long, (long Candidates, long Correct, bool Saturated)> Attempts)> RunAsync(params string[] flags)
        {
            var run = await CliProcess.RunAsync(Local, null, ["run", "--set", "mine", "--db", Db, "--local", "--target-verified", "4", "--budget", "32", "--max-tokens", MaxTokens, "--seed", "7", .. flags]);
            Assert.True(run.Exit == 0, run.Error);
            var runId = run.Output.Trim();
            var status = Status((await CliProcess.RunAsync(Local, null, "status", "--db", Db, "--run", runId, "--json")).Output);
            await using var connection = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT problem_id, candidates, correct, saturated FROM problem_attempts WHERE run_id = @run";
            command.Parameters.AddWithValue("@run", runId.ToUpperInvariant());
            var attempts = new Dictionary<long, (long, long, bool)>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                attempts[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetBoolean(3));
            }

            return (status, attempts);
        }

        var (saturating, stopped) = await RunAsync("--saturation");
        var (plain, whole) = await RunAsync();

        Assert.True(saturating.GetProperty("saturation").GetBoolean());
        Assert.False(plain.GetProperty("saturation").GetBoolean());
        Assert.Equal(0, plain.GetProperty("problems_saturated").GetInt32());
        var saturated = stopped.Where(a => a.Value.Saturated).ToList();
        Assert.NotEmpty(saturated);
        Assert.Equal(saturated.Count, saturating.GetProperty("problems_saturated").GetInt32());

        // The same seed draws the same candidates: a problem that did not saturate ran exactly as in the plain run; one
        // that did stopped short of the plain run (at the end of a round, or inside one), with at least K verified candidates.
        Assert.Equal(whole.Keys.Order(), stopped.Keys.Order());
        foreach (var (problem, attempt) in stopped)
        {
            if (attempt.Saturated)
            {
                Assert.True(attempt.Correct >= 4, $"problem {problem} saturated with {attempt.Correct} verified");
                Assert.True(attempt.Candidates < whole[problem].Candidates);
            }
            else
            {
                Assert.Equal(whole[problem], attempt);
            }
        }

        Assert.Equal(plain.GetProperty("problems_covered").GetInt32(), saturating.GetProperty("problems_covered").GetInt32());
        Assert.True(saturating.GetProperty("tokens").GetInt64() < plain.GetProperty("tokens").GetInt64());
    }

    [Fact]
    public async Task Stopping_candidates_at_their_first_false_step_stores_the_same_traces_for_fewer_tokens()
    {
        // One store per run, the same seed: what the guarded run stores is what the whole run stores.
        async Task<(JsonElement Status, string[] Traces, string Log)> RunAsync(string db, params string[] flags)
        {
            foreach (var (family, count) in new[] { ("countdown", 4), ("game24", 2) })
            {
                var file = Path.Combine(_folder, family + ".jsonl");
                await File.WriteAllLinesAsync(file, (await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Examples, family + ".jsonl"))).Take(count));
                var import = await CliProcess.RunAsync(Local, null, "import", file, "--set", "mine", "--db", db);
                Assert.True(import.Exit == 0, import.Error);
            }
            var run = await CliProcess.RunAsync(Local, null, ["run", "--set", "mine", "--db", db, "--local", "--samples", "8", "--max-tokens", MaxTokens, "--seed", "7", .. flags]);
            Assert.True(run.Exit == 0, run.Error);
            var status = Status((await CliProcess.RunAsync(Local, null, "status", "--db", db, "--json")).Output);
            var chat = Path.Combine(_folder, Path.GetFileNameWithoutExtension(db) + ".jsonl");
            var export = await CliProcess.RunAsync(Local, null, "export", "--set", "mine", "--db", db, "--format", "chat", "--out", chat);
            Assert.True(export.Exit == 0, export.Error);
            return (status, [.. (await File.ReadAllLinesAsync(chat)).Order(StringComparer.Ordinal)], run.Error);
        }

        var (whole, wholeTraces, _) = await RunAsync(Db);
        var (guarded, guardedTraces, log) = await RunAsync(Path.Combine(_folder, "guarded.db"), "--stop-on-false-step");

        Assert.Contains("candidates stop at a false step", log, StringComparison.Ordinal);
        Assert.True(guarded.GetProperty("stop_on_false_step").GetBoolean());
        Assert.False(whole.GetProperty("stop_on_false_step").GetBoolean());
        Assert.NotEmpty(wholeTraces);
        Assert.Equal(wholeTraces, guardedTraces);
        // problems_covered counts a correct final answer, flawed or not: a problem only flawed candidates solved is
        // covered in the whole run and not in the guarded one, which stores nothing for it either way.
        Assert.InRange(guarded.GetProperty("problems_covered").GetInt32(), 1, whole.GetProperty("problems_covered").GetInt32());
        Assert.Equal(whole.GetProperty("candidates").GetInt64(), guarded.GetProperty("candidates").GetInt64());
        Assert.Equal(0, whole.GetProperty("stopped").GetInt64());
        Assert.InRange(guarded.GetProperty("stopped").GetInt64(), 1, guarded.GetProperty("candidates").GetInt64());
        Assert.Contains("stopped at a false step", log, StringComparison.Ordinal);

        // The whole run's flawed candidates were cut short at their false step: fewer tokens, and fewer of them reach
        // a final answer at all.
        Assert.True(whole.GetProperty("flawed").GetInt64() > 0, "the bundled model wrote no flawed trace on these puzzles");
        Assert.True(guarded.GetProperty("flawed").GetInt64() < whole.GetProperty("flawed").GetInt64());
        Assert.True(guarded.GetProperty("tokens").GetInt64() < whole.GetProperty("tokens").GetInt64());
    }

    [Fact]
    public async Task First_round_sets_the_first_adaptive_round_and_covers_what_the_default_rounds_cover()
    {
        await ImportAsync(6);
        async Task<(JsonElement Status, string Log)> AdaptiveAsync(params string[] flags)
        {
            var run = await CliProcess.RunAsync(Local, null, ["run", "--set", "mine", "--db", Db, "--local", "--budget", "16", "--max-tokens", MaxTokens, "--seed", "7", .. flags]);
            Assert.True(run.Exit == 0, run.Error);
            var runId = Guid.Parse(run.Output.Trim());
            return (Status((await CliProcess.RunAsync(Local, null, "status", "--db", Db, "--run", runId.ToString(), "--json")).Output), run.Error);
        }

        var (eight, eightLog) = await AdaptiveAsync();
        var (two, twoLog) = await AdaptiveAsync("--first-round", "2");
        Assert.Equal(8, eight.GetProperty("first_round").GetInt32());
        Assert.Equal(2, two.GetProperty("first_round").GetInt32());
        Assert.Contains("rounds 8, doubling", eightLog, StringComparison.Ordinal);
        Assert.Contains("rounds 2, doubling", twoLog, StringComparison.Ordinal);

        // K=1: a problem stops at its first verified candidate, whose index the seed fixes whatever the rounds; so both
        // runs cover and exhaust the same problems, only in rounds of other sizes.
        Assert.Equal(eight.GetProperty("problems_covered").GetInt32(), two.GetProperty("problems_covered").GetInt32());
        Assert.Equal(eight.GetProperty("problems_exhausted").GetInt32(), two.GetProperty("problems_exhausted").GetInt32());
        Assert.InRange(two.GetProperty("problems_covered").GetInt32(), 1, 6);

        var flat = await CliProcess.RunAsync(Local, null, "run", "--set", "mine", "--db", Db, "--local", "--samples", "4", "--first-round", "2");
        Assert.Equal(2, flat.Exit);
        Assert.Contains("--first-round belongs to the adaptive policy", flat.Error, StringComparison.Ordinal);
        var zero = await CliProcess.RunAsync(Local, null, "run", "--set", "mine", "--db", Db, "--local", "--budget", "16", "--first-round", "0");
        Assert.Equal(2, zero.Exit);
        Assert.Contains("the first round must be at least 1 candidate", zero.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rerun_with_the_same_seed_stores_nothing_and_counts_duplicates_and_one_without_a_seed_stores_new_traces()
    {
        await ImportAsync(6);
        var first = await RunLocalAsync("--seed", "11");
        Assert.True(first.GetProperty("traces").GetInt64() > 0);
        Assert.Equal(0, first.GetProperty("duplicates").GetInt64());

        var again = await RunLocalAsync("--seed", "11");
        Assert.Equal(0, again.GetProperty("traces").GetInt64());
        Assert.Equal(first.GetProperty("traces").GetInt64(), again.GetProperty("duplicates").GetInt64());
        Assert.Equal(first.GetProperty("candidates").GetInt64(), again.GetProperty("candidates").GetInt64());

        var fresh = await RunLocalAsync();
        Assert.NotEqual(11UL, fresh.GetProperty("seed").GetUInt64());
        Assert.True(fresh.GetProperty("traces").GetInt64() > 0, "a fresh seed samples new candidates, some of them new verified traces");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold the file for a moment; the temp folder is cleaned eventually.
        }
    }

    private static JsonElement Status(string output)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        using var json = JsonDocument.Parse(line);
        return json.RootElement.Clone();
    }

    private async Task ImportAsync(int problems)
    {
        var file = Path.Combine(_folder, "problems.jsonl");
        await File.WriteAllLinesAsync(file, (await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Examples, "countdown.jsonl"))).Take(problems));
        var import = await CliProcess.RunAsync(Local, null, "import", file, "--set", "mine", "--db", Db);
        Assert.True(import.Exit == 0, import.Error);
    }

    /// <summary>Runs the set locally with 8 candidates per problem and returns the new run's <c>status --json</c> object.</summary>
    private async Task<JsonElement> RunLocalAsync(params string[] seed)
    {
        var run = await CliProcess.RunAsync(Local, null, ["run", "--set", "mine", "--db", Db, "--local", "--samples", "8", "--max-tokens", MaxTokens, .. seed]);
        Assert.True(run.Exit == 0, run.Error);
        var runId = Guid.Parse(run.Output.Trim());
        return Status((await CliProcess.RunAsync(Local, null, "status", "--db", Db, "--run", runId.ToString(), "--json")).Output);
    }
}
