using System.Text;
using DataFactory.Worker.Routing;

namespace DataFactory.IntegrationTests.Runs;

/// <summary>Queueing a run that the broker stops accepting part way, then <c>run --resume</c>.</summary>
public sealed class ResumeTests
{
    private const int Problems = 300;

    // The broker takes this many messages of the run, then refuses the rest (a full queue that rejects publishes).
    private const int Accepted = 280;

    [Fact]
    public async Task A_broker_that_refuses_messages_mid_send_leaves_a_run_that_resume_queues_once_and_twice_queues_nothing()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        factory.Variables["DATAFACTORY__WORKER__PROBLEMSPERMESSAGE"] = "1";
        factory.Variables["DATAFACTORY__BROKER__SENDTIMEOUTSECONDS"] = "5";
        var file = Path.Combine(Path.GetTempPath(), $"df-resume-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, Enumerable.Range(1, Problems).Select(i =>
            $$"""{"id":"sum-{{i}}","kind":"math","prompt":"Calculate {{i}} + {{i % 7}}.","answer":"{{i + (i % 7)}}"}"""));
        try
        {
            await factory.CliAsync("import", file, "--set", "sums");
        }
        finally
        {
            File.Delete(file);
        }

        using var management = factory.ManagementClient(out var vhost);
        var policy = $"api/policies/{Uri.EscapeDataString(vhost)}/{factory.Queue}-full";
        var body = $$"""{"pattern":"^{{factory.ModelQueue.Replace(".", "\\\\.", StringComparison.Ordinal)}}$","definition":{"max-length":{{Accepted}},"overflow":"reject-publish"},"apply-to":"queues","priority":100}""";
        (await management.PutAsync(policy, new StringContent(body, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        // More than one send of 256 messages: the first is confirmed, the second is refused part way.
        var (exit, output, error) = await CliProcess.RunAsync(factory.Variables, null, "run", "--set", "sums", "--samples", "1", "--max-tokens", "24");
        Assert.True(exit == 1, $"run exited {exit}: {error}");
        var runId = Guid.Parse(output.Trim());
        Assert.Contains($"stopped after 256 of {Problems} problems", error, StringComparison.Ordinal);
        Assert.Contains($"datafactory run --resume {runId}", error, StringComparison.Ordinal);
        Assert.Equal(256, await factory.ScalarAsync("SELECT problems_sent FROM runs WHERE id = @run", runId));
        Assert.Contains($"queueing incomplete: 256/{Problems} problems queued", await factory.CliAsync("status", "--run", runId.ToString()), StringComparison.Ordinal);
        await WaitForDepthAsync(factory, factory.ModelQueue, Accepted);

        (await management.DeleteAsync(policy)).EnsureSuccessStatusCode();
        // New problems of the set after the run was created never join it.
        var later = Path.Combine(Path.GetTempPath(), $"df-resume-later-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(later, ["""{"id":"later-1","kind":"math","prompt":"Calculate 1000 + 1.","answer":"1001"}"""]);
        try
        {
            await factory.CliAsync("import", later, "--set", "sums");
        }
        finally
        {
            File.Delete(later);
        }

        var resumed = await CliProcess.RunAsync(factory.Variables, null, "run", "--resume", runId.ToString());
        Assert.True(resumed.Exit == 0, resumed.Error);
        Assert.Contains($"{Problems - 256} to queue", resumed.Error, StringComparison.Ordinal);
        // The 24 messages the broker took after the last confirmed send are queued twice: harmless, as a redelivery.
        await WaitForDepthAsync(factory, factory.ModelQueue, Accepted + Problems - 256);
        Assert.Equal(Problems, await factory.ScalarAsync("SELECT problems_sent FROM runs WHERE id = @run", runId));
        Assert.DoesNotContain("queueing incomplete", await factory.CliAsync("status", "--run", runId.ToString()), StringComparison.Ordinal);

        var again = await CliProcess.RunAsync(factory.Variables, null, "run", "--resume", runId.ToString());
        Assert.True(again.Exit == 0, again.Error);
        Assert.Contains("0 to queue", again.Error, StringComparison.Ordinal);
        await WaitForDepthAsync(factory, factory.ModelQueue, Accepted + Problems - 256);

        await using var worker = factory.StartWorker();
        var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(8), worker);
        Assert.Equal(Problems, counts.Done);
        Assert.Equal(0, counts.Failed);
        Assert.Equal(Problems, counts.Candidates);
        Assert.Equal(Problems, await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run", runId));
        Assert.Equal(counts.Candidates, await factory.ScalarAsync("SELECT sum(candidates) FROM problem_attempts WHERE run_id = @run", runId));
        await WaitForDepthAsync(factory, factory.ModelQueue, 0);
        await worker.StopAsync();
        Assert.Equal(0, await factory.QueueDepthAsync(ModelQueue.ErrorQueue(factory.ModelQueue)));
    }

    private static async Task WaitForDepthAsync(FactoryEnvironment factory, string queue, long depth)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        // The management API refreshes its counts every few seconds: require two readings apart.
        var seen = 0;
        long last = -1;
        while (seen < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"queue {queue} holds {last} messages, not {depth}");
            last = await factory.QueueDepthAsync(queue);
            seen = last == depth ? seen + 1 : 0;
            await Task.Delay(2000);
        }
    }
}
