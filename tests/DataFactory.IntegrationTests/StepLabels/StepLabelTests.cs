using System.Text.Json;
using DataFactory.Worker.Contracts;
using Npgsql;

namespace DataFactory.IntegrationTests.StepLabels;

/// <summary>
/// <c>run --policy label</c> distributed (PostgreSQL, RabbitMQ, a worker process) and embedded (<c>run --local</c>),
/// and the stepwise export of its labels read back with TRL's field names.
/// </summary>
public sealed class StepLabelTests : IDisposable
{
    private static readonly Dictionary<string, string> Embedded = new() { ["DATAFACTORY__MODEL__INTRAOPTHREADS"] = "2" };
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "df-labels-" + Guid.NewGuid().ToString("N"));

    public StepLabelTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_redelivered_label_message_stores_every_step_label_exactly_once()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        await factory.CliAsync("import", Path.Combine(RepoPaths.Examples, "countdown.jsonl"), "--set", "cd");
        var runId = Guid.Parse((await factory.CliAsync(
            "run", "--set", "cd", "--limit", "3", "--policy", "label", "--samples", "3", "--rollouts", "2", "--label-search", "exhaustive",
            "--max-tokens", "200", "--seed", "11")).Trim());
        var problemIds = await ProblemIdsAsync(factory, runId);

        // The same command again, twice, as a broker redelivers after a lost acknowledgement.
        await factory.SendAsync(factory.Queue, new GenerateTraces(runId, problemIds), new GenerateTraces(runId, problemIds));
        await using var worker = factory.StartWorker();
        var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(8), worker);
        await WaitForEmptyQueueAsync(factory);
        await worker.StopAsync();

        Assert.Equal(3, counts.Done);
        var rows = await factory.ScalarAsync("SELECT count(*) FROM step_labels WHERE run_id = @run", runId);
        Assert.True(rows > 0, "the run stored no step label");
        Assert.Equal(rows, await factory.ScalarAsync(
            "SELECT count(DISTINCT (problem_id, candidate_hash, step_index)) FROM step_labels WHERE run_id = @run", runId));
        Assert.Equal(rows, await factory.ScalarAsync("SELECT labelled_steps FROM runs WHERE id = @run", runId));
        Assert.Equal(
            await factory.ScalarAsync("SELECT count(DISTINCT (problem_id, candidate_hash)) FROM step_labels WHERE run_id = @run", runId),
            await factory.ScalarAsync("SELECT labelled_candidates FROM runs WHERE id = @run", runId));
        Assert.Equal(
            await factory.ScalarAsync("SELECT sum(rollouts) FROM step_labels WHERE run_id = @run", runId),
            await factory.ScalarAsync("SELECT rollouts FROM runs WHERE id = @run", runId));

        // Exhaustive search: every step but the last of every candidate rolled out twice; the last is the verdict.
        Assert.Equal(0, await factory.ScalarAsync(
            "SELECT count(*) FROM step_labels WHERE run_id = @run AND ((step_index < step_count - 1 AND (rollouts <> 2 OR source <> 'rollouts')) OR (step_index = step_count - 1 AND source <> 'verdict'))", runId));
        Assert.Equal(3, await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run", runId));

        var exported = Path.Combine(_folder, "steps.jsonl");
        await factory.CliAsync("export", "--set", "cd", "--run", runId.ToString(), "--format", "stepwise", "--out", exported);
        var lines = ReadStepwise(exported, soft: false);
        Assert.Equal(await factory.ScalarAsync("SELECT labelled_candidates FROM runs WHERE id = @run", runId), lines.Count);
    }

    [Fact]
    public async Task Run_local_with_the_label_policy_labels_every_candidate_and_exports_stepwise_lines_for_trl()
    {
        var db = Path.Combine(_folder, "f.db");
        var problems = Path.Combine(_folder, "problems.jsonl");
        await File.WriteAllLinesAsync(problems, (await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Examples, "game24.jsonl"))).Take(3));
        Assert.Equal(0, (await CliProcess.RunAsync(Embedded, null, "import", problems, "--set", "g", "--db", db)).Exit);

        var run = await CliProcess.RunAsync(Embedded, null, "run", "--set", "g", "--db", db, "--local", "--policy", "label",
            "--samples", "3", "--rollouts", "2", "--max-tokens", "200", "--seed", "5");
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("candidates labelled", run.Error, StringComparison.Ordinal);

        var status = await CliProcess.RunAsync(Embedded, null, "status", "--db", db, "--json");
        using var json = JsonDocument.Parse(status.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single());
        var r = json.RootElement;
        Assert.Equal("label", r.GetProperty("policy").GetString());
        Assert.Equal("bisect", r.GetProperty("label_search").GetString());
        Assert.Equal(2, r.GetProperty("rollouts_per_prefix").GetInt32());
        Assert.Equal(9, r.GetProperty("candidates").GetInt64());
        var labelled = r.GetProperty("labelled_candidates").GetInt64();
        Assert.InRange(labelled, 1, 9);
        Assert.True(r.GetProperty("labelled_steps").GetInt64() >= labelled);

        var hard = Path.Combine(_folder, "hard.jsonl");
        var soft = Path.Combine(_folder, "soft.jsonl");
        Assert.Equal(0, (await CliProcess.RunAsync(Embedded, null, "export", "--set", "g", "--db", db, "--format", "stepwise", "--out", hard)).Exit);
        Assert.Equal(0, (await CliProcess.RunAsync(Embedded, null, "export", "--set", "g", "--db", db, "--format", "stepwise", "--soft-labels", "--out", soft)).Exit);
        var hardLines = ReadStepwise(hard, soft: false);
        var softLines = ReadStepwise(soft, soft: true);
        Assert.Equal(labelled, hardLines.Count);
        Assert.Equal(hardLines.Select(l => l.Completions), softLines.Select(l => l.Completions));
        Assert.All(hardLines, l => Assert.StartsWith("Use the numbers", l.Prompt, StringComparison.Ordinal));

        // A verified candidate's last step holds its final answer and is labelled true.
        Assert.All(hardLines.Where(l => l.Completions[^1].StartsWith("Final answer", StringComparison.Ordinal) && l.Labels[^1] is true), l => Assert.All(l.Labels, label => Assert.True((bool)label)));
    }

    /// <summary>Reads a stepwise export as TRL's stepwise-supervision rows: prompt, completions and labels, nothing else.</summary>
    private static List<(string Prompt, string[] Completions, object[] Labels)> ReadStepwise(string path, bool soft)
    {
        var rows = new List<(string, string[], object[])>();
        foreach (var line in File.ReadLines(path))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.Equal(["prompt", "completions", "labels"], root.EnumerateObject().Select(p => p.Name));
            var completions = root.GetProperty("completions").EnumerateArray().Select(c => c.GetString()!).ToArray();
            var labels = root.GetProperty("labels").EnumerateArray().ToArray();
            Assert.Equal(completions.Length, labels.Length);
            Assert.NotEmpty(completions);
            Assert.All(completions, c => Assert.Equal(c.TrimEnd(), c));
            object[] values = soft
                ? [.. labels.Select(l => (object)l.GetDouble())]
                : [.. labels.Select(l => (object)(l.ValueKind == JsonValueKind.True ? true : l.ValueKind == JsonValueKind.False ? false : throw new InvalidDataException($"label {l} is not a bool")))];
            if (soft)
            {
                Assert.All(values, v => Assert.InRange((double)v, 0.0, 1.0));
            }

            rows.Add((root.GetProperty("prompt").GetString()!, completions, values));
        }

        return rows;
    }

    private static async Task<long[]> ProblemIdsAsync(FactoryEnvironment factory, Guid runId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT p.id FROM problems p JOIN runs r ON r.set_id = p.set_id WHERE r.id = @run ORDER BY p.id LIMIT (SELECT problems_total FROM runs WHERE id = @run)", connection);
        command.Parameters.AddWithValue("run", runId);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return [.. ids];
    }

    private static async Task WaitForEmptyQueueAsync(FactoryEnvironment factory)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var zeros = 0;
        while (zeros < 2)
        {
            zeros = await factory.QueueDepthAsync(factory.Queue) == 0 ? zeros + 1 : 0;
            Assert.True(DateTime.UtcNow < deadline, $"queue {factory.Queue} did not drain");
            await Task.Delay(2500);
        }
    }
}
