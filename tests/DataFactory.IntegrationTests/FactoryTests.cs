using System.Text.Json;
using DataFactory.Worker.Contracts;
using Npgsql;

namespace DataFactory.IntegrationTests;

/// <summary>The factory end to end against the real PostgreSQL and RabbitMQ, with real worker processes and the bundled model.</summary>
public sealed class FactoryTests
{
    private const int Samples = 4;
    private const string MaxTokens = "320";

    [Fact]
    public async Task Import_run_with_two_workers_then_export_and_reverify_every_trace()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        await factory.CliAsync("import", Path.Combine(RepoPaths.Examples, "game24.jsonl"), "--set", "g24");
        var runId = Guid.Parse((await factory.CliAsync("run", "--set", "g24", "--limit", "12", "--samples", $"{Samples}", "--max-tokens", MaxTokens, "--seed", "7")).Trim());

        await using var first = factory.StartWorker();
        await using var second = factory.StartWorker();
        var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(8), first, second);
        await first.StopAsync();
        await second.StopAsync();

        Assert.Equal(12, counts.Total);
        Assert.Equal(12, counts.Done);
        Assert.Equal(12L * Samples, counts.Candidates);
        Assert.Equal(12, await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run", runId));
        Assert.Equal(counts.Candidates, await factory.ScalarAsync("SELECT sum(candidates) FROM problem_attempts WHERE run_id = @run", runId));
        Assert.Equal(counts.Verified, await factory.ScalarAsync("SELECT sum(correct) FROM problem_attempts WHERE run_id = @run", runId));
        Assert.Equal(counts.Traces, await factory.ScalarAsync("SELECT count(*) FROM traces WHERE run_id = @run", runId));
        Assert.Equal(counts.Traces, await factory.ScalarAsync("SELECT count(DISTINCT (problem_id, trace_hash)) FROM traces WHERE run_id = @run", runId));
        Assert.True(counts.Traces > 0, "the bundled model solves some 24-game problems at temperature 0.8");
        Assert.Contains("worker serves model", first.Error + first.Output, StringComparison.OrdinalIgnoreCase);

        var exported = Path.Combine(Path.GetTempPath(), $"df-export-{runId:N}.jsonl");
        try
        {
            await factory.CliAsync("export", "--set", "g24", "--run", runId.ToString(), "--format", "chat", "--out", exported);
            var lines = await File.ReadAllLinesAsync(exported);
            Assert.Equal(counts.Traces, lines.Length);

            var numbersByPrompt = await NumbersByPromptAsync(factory);
            var verifyInput = new System.Text.StringBuilder();
            foreach (var line in lines)
            {
                using var json = JsonDocument.Parse(line);
                var messages = json.RootElement.GetProperty("messages").EnumerateArray().ToArray();
                Assert.Equal("assistant", messages[^1].GetProperty("role").GetString());
                var user = messages.Single(m => m.GetProperty("role").GetString() == "user").GetProperty("content").GetString()!;
                verifyInput.AppendLine(JsonSerializer.Serialize(new
                {
                    kind = "game24",
                    candidate = messages[^1].GetProperty("content").GetString(),
                    numbers = numbersByPrompt[user],
                    target = 24,
                }));
            }

            var (exit, verdicts, error) = await CliProcess.RunAsync(factory.Variables, verifyInput.ToString(), "verify", "-");
            Assert.True(exit == 0, error);
            var verdictLines = verdicts.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(lines.Length, verdictLines.Length);
            Assert.All(verdictLines, v => Assert.True(JsonDocument.Parse(v).RootElement.GetProperty("correct").GetBoolean(), v));
        }
        finally
        {
            File.Delete(exported);
        }
    }

    [Fact]
    public async Task A_redelivered_message_adds_no_attempt_and_no_trace()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        await factory.CliAsync("import", Path.Combine(RepoPaths.Examples, "arithmetic.jsonl"), "--set", "arith");
        var runId = Guid.Parse((await factory.CliAsync("run", "--set", "arith", "--limit", "3", "--samples", $"{Samples}", "--max-tokens", MaxTokens)).Trim());
        var problemIds = await ProblemIdsAsync(factory, runId);

        // The same command again, twice, as a broker redelivers after a lost acknowledgement.
        await factory.SendAsync(factory.Queue, new GenerateTraces(runId, problemIds), new GenerateTraces(runId, problemIds));

        await using var worker = factory.StartWorker();
        var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(5), worker);
        await WaitForEmptyQueueAsync(factory, factory.Queue);
        var after = await factory.RunCountsAsync(runId);
        await worker.StopAsync();

        Assert.Equal(counts, after);
        Assert.Equal(3, after.Done);
        Assert.Equal(3L * Samples, after.Candidates);
        Assert.Equal(3, await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run", runId));
        Assert.Equal(after.Traces, await factory.ScalarAsync("SELECT count(*) FROM traces WHERE run_id = @run", runId));
    }

    [Fact]
    public async Task A_problem_that_always_fails_goes_to_the_error_queue_and_the_rest_of_the_run_completes()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        factory.Variables["DATAFACTORY__WORKER__PROBLEMSPERMESSAGE"] = "1";
        await factory.CliAsync("import", Path.Combine(RepoPaths.Examples, "countdown.jsonl"), "--set", "cd");
        var runId = Guid.Parse((await factory.CliAsync("run", "--set", "cd", "--limit", "5", "--samples", "2", "--max-tokens", MaxTokens)).Trim());
        var poisoned = (await ProblemIdsAsync(factory, runId))[2];

        // A row no build can read: loading it throws every time.
        await factory.ExecuteAsync($"UPDATE problems SET kind = 'no-such-kind' WHERE id = {poisoned}");

        await using var worker = factory.StartWorker();
        var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(5), worker);
        await worker.StopAsync();

        Assert.Equal(4, counts.Done);
        Assert.Equal(1, counts.Failed);
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, failure_reason FROM problem_attempts WHERE run_id = @run AND problem_id = @problem", connection);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("problem", poisoned);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("failed", reader.GetString(0), ignoreCase: true);
        Assert.Contains("no-such-kind", reader.GetString(1), StringComparison.Ordinal);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await factory.QueueDepthAsync(factory.ModelQueue + "_error") < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the failing message did not reach the error queue");
            await Task.Delay(1000);
        }
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

    private static async Task<Dictionary<string, long[]>> NumbersByPromptAsync(FactoryEnvironment factory)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT prompt, numbers FROM problems", connection);
        var map = new Dictionary<string, long[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            map[reader.GetString(0)] = reader.GetFieldValue<long[]>(1);
        }

        return map;
    }

    private static async Task WaitForEmptyQueueAsync(FactoryEnvironment factory, string queue)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        // The management API refreshes its counts every few seconds: require two zero readings apart.
        var zeros = 0;
        while (zeros < 2)
        {
            zeros = await factory.QueueDepthAsync(queue) == 0 ? zeros + 1 : 0;
            Assert.True(DateTime.UtcNow < deadline, $"queue {queue} did not drain");
            await Task.Delay(2500);
        }
    }
}
