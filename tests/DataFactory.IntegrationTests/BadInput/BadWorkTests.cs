using System.Text.Json;
using Npgsql;

namespace DataFactory.IntegrationTests.BadInput;

/// <summary>
/// Work a worker cannot do, against the real RabbitMQ, PostgreSQL and a worker process: malformed
/// messages and messages naming unknown runs or problems go to the error queue with a reason while
/// the worker carries on; problems the model or verifier cannot handle are failed with the reason.
/// </summary>
public sealed class BadWorkTests
{
    private const string Contract = "urn:message:DataFactory.Worker.Contracts:GenerateTraces";

    [Fact]
    public async Task Malformed_and_unknown_messages_go_to_the_error_queue_with_a_reason_and_the_worker_carries_on()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        await factory.CliAsync("import", Path.Combine(RepoPaths.Examples, "arithmetic.jsonl"), "--set", "arith");
        var runId = Guid.Parse((await factory.CliAsync("run", "--set", "arith", "--limit", "4", "--samples", "2", "--max-tokens", "160")).Trim());
        var missingRun = Guid.NewGuid();

        // Published to the base queue, which the worker declares as it starts (runs go to their model's queue).
        await using var worker = factory.StartWorker();
        var declared = DateTime.UtcNow.AddMinutes(2);
        while (!await factory.QueueExistsAsync(factory.Queue))
        {
            Assert.True(DateTime.UtcNow < declared && !worker.HasExited, "the worker did not declare the base queue: " + worker.Error);
            await Task.Delay(500);
        }

        await using var raw = await RawQueue.ConnectAsync(TestServices.RabbitMq);
        Dictionary<string, string> bad = new()
        {
            ["not-json"] = "this is not JSON at all {",
            ["wrong-type"] = Envelope(new { runId, problemIds = "abc" }),
            ["no-problems"] = Envelope(new { runId, problemIds = Array.Empty<long>() }),
            ["unknown-run"] = Envelope(new { runId = missingRun, problemIds = new[] { 1L } }),
            ["unknown-problem"] = Envelope(new { runId, problemIds = new[] { 987654321L } }),
        };
        foreach (var body in bad.Values)
        {
            await raw.PublishAsync(factory.Queue, body);
        }

        var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(5), worker);
        Assert.Equal(4, counts.Done);

        // Every bad message reaches the error queue exactly once, with a reason; none loops.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var errors = new List<(string Body, IReadOnlyDictionary<string, string> Headers)>();
        while (errors.Count < bad.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{errors.Count} of {bad.Count} bad messages reached the error queue; worker log: {worker.Error}{worker.Output}");
            await Task.Delay(1000);
            if (await factory.QueueExistsAsync(factory.Queue + "_error"))
            {
                errors.AddRange(await raw.DrainAsync(factory.Queue + "_error"));
            }
        }

        var all = string.Join("\n", errors.Select(e => $"{e.Headers.GetValueOrDefault("MT-Fault-Message")} <- {e.Body}"));
        Assert.True(bad.Count == errors.Count, all);
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Headers.GetValueOrDefault("MT-Fault-Message")), all));
        Assert.Contains("does not exist", Reason(errors, e => e.Body.Contains(missingRun.ToString(), StringComparison.Ordinal), all), StringComparison.Ordinal);
        Assert.Contains("987654321", Reason(errors, e => e.Body.Contains("987654321", StringComparison.Ordinal), all), StringComparison.Ordinal);
        Assert.NotEmpty(Reason(errors, e => e.Headers.GetValueOrDefault("MT-Fault-Message") == "the message has no problem ids", all));
        Assert.NotEmpty(Reason(errors, e => e.Body.Contains("this is not JSON", StringComparison.Ordinal), all));
        Assert.NotEmpty(Reason(errors, e => e.Body.Contains("\"abc\"", StringComparison.Ordinal), all));

        Assert.False(worker.HasExited, "the worker stopped: " + worker.Error);
        Assert.Equal(counts, await factory.RunCountsAsync(runId));
        await worker.StopAsync();
    }

    [Fact]
    public async Task Problems_the_model_or_verifier_cannot_handle_are_failed_with_the_reason()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        var file = Path.Combine(Path.GetTempPath(), $"df-unworkable-{Guid.NewGuid():N}.jsonl");
        var longPrompt = "Calculate " + string.Join(" + ", Enumerable.Repeat("1", 2000)) + ".";
        await File.WriteAllLinesAsync(file,
        [
            JsonSerializer.Serialize(new { id = "fine", kind = "math", prompt = "Calculate 31 + 8.", answer = "39" }),
            JsonSerializer.Serialize(new { id = "long", kind = "math", prompt = longPrompt, answer = "2000" }),
            JsonSerializer.Serialize(new { id = "unreadable", kind = "math", prompt = "Calculate 2 + 2.", answer = "4" }),
        ]);
        try
        {
            await factory.CliAsync("import", file, "--set", "unworkable");
        }
        finally
        {
            File.Delete(file);
        }

        // Import now rejects an unreadable gold answer; a row stored before that check (or by other
        // means) must still be failed with the reason, not sampled for nothing.
        await factory.ExecuteAsync("UPDATE problems SET answer = 'no idea at all' WHERE external_id = 'unreadable'");
        var runId = Guid.Parse((await factory.CliAsync("run", "--set", "unworkable", "--samples", "2", "--max-tokens", "160")).Trim());

        await using var worker = factory.StartWorker();
        var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(5), worker);
        await worker.StopAsync();

        Assert.Equal(1, counts.Done);
        Assert.Equal(2, counts.Failed);
        Assert.Equal(2L, counts.Candidates);
        var reasons = await FailureReasonsAsync(factory, runId);
        Assert.Contains("the model's context is", reasons["long"], StringComparison.Ordinal);
        Assert.Contains("cannot be verified", reasons["unreadable"], StringComparison.Ordinal);
        Assert.DoesNotContain("failed for good", worker.Error + worker.Output, StringComparison.Ordinal);
    }

    private static string Envelope(object message) => JsonSerializer.Serialize(new
    {
        messageId = Guid.NewGuid(),
        messageType = new[] { Contract },
        message,
    });

    /// <summary>The reason of the one error-queue message that matches.</summary>
    private static string Reason(
        List<(string Body, IReadOnlyDictionary<string, string> Headers)> errors,
        Func<(string Body, IReadOnlyDictionary<string, string> Headers), bool> match,
        string all)
    {
        var matching = errors.Where(match).ToArray();
        Assert.True(matching.Length == 1, $"{matching.Length} error-queue messages match; all: {all}");
        return matching[0].Headers.GetValueOrDefault("MT-Fault-Message") ?? "";
    }

    private static async Task<Dictionary<string, string>> FailureReasonsAsync(FactoryEnvironment factory, Guid runId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT p.external_id, a.failure_reason FROM problem_attempts a JOIN problems p ON p.id = a.problem_id WHERE a.run_id = @run AND a.status = 'failed'", connection);
        command.Parameters.AddWithValue("run", runId);
        var reasons = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            reasons[reader.GetString(0)] = reader.GetString(1);
        }

        return reasons;
    }
}
