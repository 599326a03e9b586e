using System.Text.Json;
using DataFactory.Core.Formats;
using DataFactory.Core.Verification;

namespace DataFactory.IntegrationTests.Runs;

/// <summary>The search policy on <c>run</c>, embedded (<c>run --local</c>) and distributed (PostgreSQL, RabbitMQ, a worker).</summary>
public sealed class SearchTests : IDisposable
{
    private const string MaxTokens = "256";
    private static readonly Dictionary<string, string> Local = new() { ["DATAFACTORY__MODEL__INTRAOPTHREADS"] = "2" };
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "df-search-" + Guid.NewGuid().ToString("N"));

    public SearchTests() => Directory.CreateDirectory(_folder);

    private string Db => Path.Combine(_folder, "f.db");

    [Fact]
    public async Task Local_search_run_stores_verified_traces_and_status_shows_the_policy_and_its_settings()
    {
        var file = Path.Combine(_folder, "problems.jsonl");
        await File.WriteAllLinesAsync(file, (await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Examples, "game24.jsonl"))).Take(6));
        var import = await CliProcess.RunAsync(Local, null, "import", file, "--set", "mine", "--db", Db);
        Assert.True(import.Exit == 0, import.Error);

        var run = await CliProcess.RunAsync(
            Local, null, "run", "--set", "mine", "--db", Db, "--local", "--policy", "search", "--beam", "2", "--expand", "3", "--budget", "1500", "--max-tokens", MaxTokens, "--seed", "7");

        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("harvest search w=2 b=3 K=1 budget 1500 tokens, rollouts 0", run.Error, StringComparison.Ordinal);
        var status = Status((await CliProcess.RunAsync(Local, null, "status", "--db", Db, "--json")).Output);
        Assert.Equal("search", status.GetProperty("policy").GetString());
        Assert.Equal((2, 3, 0, 1500), (status.GetProperty("beam").GetInt32(), status.GetProperty("expand").GetInt32(), status.GetProperty("rollouts_per_prefix").GetInt32(), status.GetProperty("budget").GetInt32()));
        var covered = status.GetProperty("problems_covered").GetInt32();
        Assert.InRange(covered, 1, 6);
        Assert.Equal(6 - covered, status.GetProperty("problems_exhausted").GetInt32());
        var traces = status.GetProperty("traces").GetInt64();
        Assert.InRange(traces, covered, status.GetProperty("correct").GetInt64());
        // Steps cut at line ends, rollouts and pruned expansions all count: more tokens than the stored traces hold.
        Assert.True(status.GetProperty("tokens").GetInt64() > 0);

        var chat = Path.Combine(_folder, "chat.jsonl");
        var export = await CliProcess.RunAsync(Local, null, "export", "--set", "mine", "--db", Db, "--format", "chat", "--out", chat);
        Assert.True(export.Exit == 0, export.Error);
        var problems = ProblemFileReader.Read(file, new ImportOptions()).Problems;
        var verifiers = VerifierRegistry.CreateDefault();
        var lines = await File.ReadAllLinesAsync(chat);
        Assert.Equal(traces, lines.Length);
        Assert.All(lines, line =>
        {
            using var json = JsonDocument.Parse(line);
            var messages = json.RootElement.GetProperty("messages");
            var prompt = messages[0].GetProperty("content").GetString();
            var answer = messages[1].GetProperty("content").GetString()!;
            var problem = Assert.Single(problems, p => p.Prompt == prompt);
            Assert.True(verifiers.Verify(problem, answer).IsCorrect, answer);
            Assert.StartsWith("Try ", answer, StringComparison.Ordinal);
            Assert.Contains("\nFinal answer: ", answer, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Search_on_a_distributed_run_stores_verified_traces_once_per_problem_and_counts_every_token()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        await factory.CliAsync("import", Path.Combine(RepoPaths.Examples, "game24.jsonl"), "--set", "g24");
        var runId = Guid.Parse((await factory.CliAsync(
            "run", "--set", "g24", "--limit", "6", "--policy", "search", "--beam", "2", "--expand", "3", "--budget", "1500", "--max-tokens", MaxTokens, "--seed", "7")).Trim());

        await using var worker = factory.StartWorker();
        var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(8), worker);
        await worker.StopAsync();

        Assert.Equal(6, counts.Done);
        var status = Status(await factory.CliAsync("status", "--run", runId.ToString(), "--json"));
        Assert.Equal("search", status.GetProperty("policy").GetString());
        Assert.Equal((2, 3, 1500), (status.GetProperty("beam").GetInt32(), status.GetProperty("expand").GetInt32(), status.GetProperty("budget").GetInt32()));
        Assert.Equal(counts.Tokens, status.GetProperty("tokens").GetInt64());
        var covered = await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run AND correct > 0", runId);
        Assert.True(covered > 0, "search verifies some of the 24 game's problems");
        Assert.Equal(covered, await factory.ScalarAsync("SELECT count(DISTINCT problem_id) FROM traces WHERE run_id = @run", runId));
        Assert.Equal(6 - covered, await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run AND exhausted", runId));

        // A problem stops at its first verified step; an exhausted one spent its budget, passing it by at most one round.
        Assert.Equal(0, await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run AND exhausted AND tokens < 1500", runId));
        Assert.Equal(counts.Tokens, await factory.ScalarAsync("SELECT sum(tokens) FROM problem_attempts WHERE run_id = @run", runId));
        Assert.True(await factory.ScalarAsync("SELECT sum(tokens) FROM problem_attempts WHERE run_id = @run", runId)
            > await factory.ScalarAsync("SELECT coalesce(sum(token_count), 0) FROM traces WHERE run_id = @run", runId));
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
}
