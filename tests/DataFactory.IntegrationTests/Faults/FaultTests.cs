using Xunit.Abstractions;

namespace DataFactory.IntegrationTests.Faults;

/// <summary>
/// Workers killed with SIGKILL, RabbitMQ and PostgreSQL restarted mid-run: nothing stuck, nothing
/// duplicated or counted twice, and the same verified traces as a fault-free run with the same seed.
/// Reduced in the suite; tests/fault/run.sh runs the full size and writes benchmarks/results/faults.md.
/// </summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killed_workers_and_restarted_services_lose_nothing_and_store_the_traces_of_a_fault_free_run()
    {
        var plan = FaultPlan.FromEnvironment();
        FaultReport report;
        await using (var services = await OwnServices.StartAsync())
        {
            report = await FaultRun.RunAsync(plan, services, Progress);
        }

        var markdown = report.ToMarkdown();
        output.WriteLine(markdown);
        if (plan.ReportPath is { } path)
        {
            await File.WriteAllTextAsync(path, markdown);
        }

        Assert.Empty(report.Violations());
        Assert.True(report.Faulted.Faults.Count(f => f.Event.Kind != FaultRun.WorkerKill) == 2, "the broker and the database were each restarted once");
        Assert.True(report.Faulted.Audit.Traces.Count > 0, "the bundled model solves some of the arithmetic problems");
    }

    /// <summary>To the test output, and live to the file tests/fault/run.sh follows (the test output shows only at the end).</summary>
    private void Progress(string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("DATAFACTORY_FAULT_PROGRESS") is { Length: > 0 } path)
        {
            File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss} {line}\n");
        }
    }
}
