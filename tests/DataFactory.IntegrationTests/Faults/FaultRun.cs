using System.Globalization;

namespace DataFactory.IntegrationTests.Faults;

/// <summary>
/// The fault test: the same problems run twice with the same seed, once without faults and once
/// while workers are killed and restarted and the broker and the database are restarted; the
/// store is then audited and the two runs compared.
/// </summary>
internal static class FaultRun
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(15);

    public const string WorkerKill = "worker SIGKILL";

    public static async Task<FaultReport> RunAsync(FaultPlan plan, OwnServices services, Action<string> log)
    {
        var load = await File.ReadAllTextAsync("/proc/loadavg");
        await using var factory = await FactoryEnvironment.CreateAsync(services.Endpoints);

        // The product's retry defaults: retried until the fault clears, backoff from 0.2 s to 30 s.
        factory.Variables["DATAFACTORY__WORKER__RETRYLIMIT"] = "0";
        factory.Variables["DATAFACTORY__WORKER__RETRYMINMILLISECONDS"] = "200";
        factory.Variables["DATAFACTORY__WORKER__RETRYMAXMILLISECONDS"] = "30000";

        var file = Path.Combine(Path.GetTempPath(), $"df-fault-{Guid.NewGuid():N}.jsonl");
        try
        {
            await ArithmeticProblems.WriteAsync(file, plan.Problems, plan.Seed);
            await factory.CliAsync("import", file, "--set", "fault-free");
            await factory.CliAsync("import", file, "--set", "faulted");
        }
        finally
        {
            File.Delete(file);
        }

        log($"fault-free run of {plan.Problems} problems");
        var clean = await RunAsync(factory, services, plan, "fault-free", injectFaults: false, log);
        log($"fault-free run: {clean.Duration.TotalSeconds:F0}s; faulted run");
        var faulted = await RunAsync(factory, services, plan, "faulted", injectFaults: true, log);
        log($"faulted run: {faulted.Duration.TotalSeconds:F0}s");
        return new FaultReport(plan, clean, faulted, load.Trim(), (await File.ReadAllTextAsync("/proc/loadavg")).Trim());
    }

    private static async Task<RunOutcome> RunAsync(
        FactoryEnvironment factory, OwnServices services, FaultPlan plan, string set, bool injectFaults, Action<string> log)
    {
        var runId = Guid.Parse((await factory.CliAsync(
            ["run", "--set", set, .. plan.HarvestArguments, "--max-tokens", Text(plan.MaxTokens), "--seed", Text(plan.Seed)])).Trim());
        var total = (await factory.RunCountsAsync(runId)).Total;
        Assert.Equal(plan.Problems, total);
        var events = new List<FaultEvent>();
        await using var pool = new WorkerPool(factory, plan.Workers);
        await using var progress = new ProgressRecorder(factory.ConnectionString, runId);
        pool.StartAll();
        var deadline = progress.Started + plan.RunTimeout;
        bool brokerRestarted = false, databaseRestarted = false;
        var nextReport = progress.Started + ReportEvery;
        while (progress.Latest < total && DateTime.UtcNow < deadline)
        {
            pool.Watch();
            if (DateTime.UtcNow >= nextReport)
            {
                log($"{set} run: {progress.Latest}/{total} problems finished after {(DateTime.UtcNow - progress.Started).TotalSeconds:F0}s, {pool.Kills} workers killed");
                nextReport += ReportEvery;
            }

            if (injectFaults)
            {
                // Kills still due (no worker was ready yet) go first: they all belong before the restarts.
                var killsDue = plan.KillsDue(progress.Latest, total);
                if (!databaseRestarted && progress.Latest >= total * plan.DatabaseRestartAt && pool.Kills >= killsDue)
                {
                    databaseRestarted = true;
                    events.Add(await TimedAsync("PostgreSQL restart", services.RestartPostgresAsync, log));
                    continue;
                }

                if (databaseRestarted && !brokerRestarted && progress.Latest >= total * plan.BrokerRestartAt)
                {
                    brokerRestarted = true;
                    events.Add(await TimedAsync(plan.RestartBrokerNode ? "RabbitMQ node restart" : "RabbitMQ restart", () => services.RestartRabbitMqAsync(plan.RestartBrokerNode), log));
                    continue;
                }

                // Kills fall due at progress points (FaultPlan.KillsDue), so a fast and a slow machine
                // kill the same number of workers. A worker still starting holds
                // no work: kill only one that has reported ready. And no kill until the factory has made
                // progress after a restart, so that the time it took to recover from the restart is its own.
                var recovered = events.Where(e => e.Kind != WorkerKill)
                    .All(e => progress.FirstProgressAfter(e.End) is not null);
                if (pool.Kills < killsDue && pool.AnyReady && recovered)
                {
                    var at = progress.Latest;
                    events.Add(await TimedAsync(WorkerKill, pool.KillAndReplaceReadyAsync, log));
                    log($"kill {pool.Kills} of {plan.Kills} at {at}/{total} problems finished");
                }
            }

            await Task.Delay(Tick);
        }

        var end = DateTime.UtcNow;
        pool.Watch();
        await pool.StopAllAsync();
        return new RunOutcome
        {
            RunId = runId,
            Finished = progress.Latest >= total,
            Duration = end - progress.Started,
            LongestStall = progress.LongestStall(end),
            Faults = [.. events.Select(e => (e, progress.FirstProgressAfter(e.End), progress.LongestStallAround(e.Start, e.End, end)))],
            Started = progress.Started,
            Kills = pool.Kills,
            WorkersStarted = plan.Workers + pool.Kills,
            ReadyTimes = pool.ReadyTimes,
            Redelivered = pool.Redelivered(),
            TransientRetries = pool.TransientRetries(),
            FailureLines = pool.Failures(),
            Audit = await RunAudit.ReadAsync(factory.ConnectionString, runId, plan.CandidateCounts.WrongSql),
        };
    }

    private static async Task<FaultEvent> TimedAsync(string kind, Func<Task> fault, Action<string> log)
    {
        var start = DateTime.UtcNow;
        await fault();
        var end = DateTime.UtcNow;
        log($"{kind}: {(end - start).TotalSeconds:F1}s");
        return new FaultEvent(kind, start, end);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
