using System.Globalization;
using System.Net;
using System.Text.Json;

namespace DataFactory.IntegrationTests.Observability;

/// <summary>
/// The monitoring path end to end: a real worker process runs a run on the bundled model against the
/// real PostgreSQL and RabbitMQ, a real Prometheus scrapes it and RabbitMQ with the repository's
/// scrape configuration, and every query of the Grafana dashboard is asked of that Prometheus.
/// </summary>
public sealed class ObservabilityTests
{
    /// <summary>Set to a file path to also draw the dashboard (SVG) from this run, on a longer run with two workers.</summary>
    private const string SnapshotVariable = "DATAFACTORY_DASHBOARD_SNAPSHOT";

    [Fact]
    public async Task Prometheus_scrapes_the_worker_every_dashboard_query_returns_data_and_the_trace_counter_matches_the_store()
    {
        var snapshot = Environment.GetEnvironmentVariable(SnapshotVariable);
        var problems = string.IsNullOrEmpty(snapshot) ? 32 : 48;
        await using var factory = await FactoryEnvironment.CreateAsync();
        // One problem per message and per batch: the run spans several batches, so Prometheus scrapes it
        // in progress and the rate() and histogram_quantile() panels have increases to show (a run done in
        // one batch between two scrapes leaves every rate at 0/0).
        factory.Variables["DATAFACTORY__WORKER__PROBLEMSPERMESSAGE"] = "1";
        factory.Variables["DATAFACTORY__WORKER__MESSAGESPERBATCH"] = "1";
        await factory.CliAsync("import", Path.Combine(RepoPaths.Examples, "arithmetic.jsonl"), "--set", "arith");
        // One problem no build can load: its message ends in the error queue, so the error panels have something to show.
        await factory.ExecuteAsync("UPDATE problems SET kind = 'no-such-kind' WHERE id = (SELECT p.id FROM problems p JOIN problem_sets s ON s.id = p.set_id WHERE s.name = 'arith' ORDER BY p.id OFFSET 3 LIMIT 1)");

        var ports = Enumerable.Range(0, string.IsNullOrEmpty(snapshot) ? 1 : 2).Select(_ => LoopbackPort.Free()).ToArray();
        var rabbit = new Uri(TestServices.RabbitMqPrometheus);
        await using var prometheus = await PrometheusServer.StartAsync([.. ports.Select(p => $"127.0.0.1:{p}")], $"{rabbit.Host}:{rabbit.Port}");
        var started = DateTimeOffset.UtcNow;
        var workers = new List<CliProcess>();
        try
        {
            foreach (var port in ports)
            {
                factory.Variables["DATAFACTORY__TELEMETRY__URLS"] = $"http://127.0.0.1:{port}";
                workers.Add(factory.StartWorker());
            }

            // Prometheus starts scraping a few seconds after it starts and the bundled model is quick: queue the
            // run only once every worker is being scraped, so the scrapes see it in progress.
            await WaitForAsync(async () => await ValueAsync(prometheus, "sum(up{job=\"datafactory-worker\"})") == ports.Length, "Prometheus scrapes every worker");
            var runId = Guid.Parse((await factory.CliAsync("run", "--set", "arith", "--limit", $"{problems}", "--samples", "8", "--max-tokens", "320", "--seed", "11")).Trim());
            var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(10), [.. workers]);
            Assert.Equal(problems - 1, counts.Done);
            Assert.Equal(1, counts.Failed);
            Assert.True(counts.Traces > 0, "the bundled model solves some arithmetic problems");
            await WaitForAsync(async () => await factory.QueueDepthAsync(factory.ModelQueue + "_error") >= 1, "the failing message reached the error queue");

            await AssertHealthyWithoutSecretsAsync(ports[0]);

            // The worker's counters, as Prometheus scraped them, agree with the store.
            var stored = await factory.ScalarAsync("SELECT count(*) FROM traces WHERE run_id = @run", runId);
            Assert.Equal(counts.Traces, stored);
            var traces = $"sum(datafactory_traces_verified_total{{run_id=\"{runId}\"}})";
            var candidates = $"sum(datafactory_candidates_generated_total{{run_id=\"{runId}\"}})";
            // Both counters: a last batch without a verified trace moves only the candidates, and the next scrape may not have come yet.
            await WaitForAsync(
                async () => await ValueAsync(prometheus, traces) == stored && await ValueAsync(prometheus, candidates) == counts.Candidates,
                $"Prometheus has {traces} = {stored} and {candidates} = {counts.Candidates}");
            Assert.Equal(stored, await ValueAsync(prometheus, traces));
            Assert.Equal(counts.Candidates, await ValueAsync(prometheus, candidates));
            Assert.Equal(counts.Failed, await ValueAsync(prometheus, $"sum(datafactory_problems_failed_total{{run_id=\"{runId}\"}})"));
            Assert.Equal(1.0, await ValueAsync(prometheus, $"max(datafactory_run_progress{{run_id=\"{runId}\"}})"));
            Assert.Equal(ports.Length, await ValueAsync(prometheus, "sum(up{job=\"datafactory-worker\"})"));
            // MassTransit's and Npgsql's own instrumentation come through the same endpoint.
            Assert.True(await ValueAsync(prometheus, "count({job=\"datafactory-worker\", __name__=~\"messaging_masstransit_.+\"})") > 0);
            Assert.True(await ValueAsync(prometheus, "count({job=\"datafactory-worker\", __name__=~\"db_client_.+\"})") > 0);

            // Every query of every panel, with the rate window covering the run, returns at least one number.
            var window = DateTimeOffset.UtcNow - started + TimeSpan.FromSeconds(30);
            var panels = DashboardPanel.Load();
            var empty = new List<string>();
            foreach (var panel in panels)
            {
                foreach (var (expr, _) in panel.Targets)
                {
                    var result = await prometheus.QueryAsync(DashboardPanel.Resolve(expr, window));
                    if (!result.EnumerateArray().Any(s => double.IsFinite(Number(s.GetProperty("value")[1]))))
                    {
                        empty.Add($"{panel.Title}: {expr} -> {result}");
                    }
                }
            }

            if (empty.Count > 0)
            {
                empty.Add("samples: " + await prometheus.QueryAsync("datafactory_batch_duration_seconds_count[5m]"));
                empty.Add("samples: " + await prometheus.QueryAsync($"datafactory_candidates_generated_total{{run_id=\"{runId}\"}}[5m]"));
                empty.Add("up: " + await prometheus.QueryAsync("up{job=\"datafactory-worker\"}[5m]"));
            }

            Assert.True(empty.Count == 0, "panels without data:\n" + string.Join('\n', empty));
            Assert.True(panels.Count >= 10);

            if (!string.IsNullOrEmpty(snapshot))
            {
                // RabbitMQ refreshes its queue statistics every 5 s: let the picture show the queues settled.
                await Task.Delay(TimeSpan.FromSeconds(15));
                var subtitle = string.Create(CultureInfo.InvariantCulture,
                    $"drawn from Prometheus after a real run: {problems} arithmetic problems x 8 samples, bundled model, {ports.Length} CPU workers, {counts.Traces} verified traces ({started:yyyy-MM-dd})");
                await File.WriteAllTextAsync(snapshot, await DashboardSnapshot.RenderAsync(panels, prometheus, started, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10), subtitle));
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.StopAsync();
                await worker.DisposeAsync();
            }
        }
    }

    private static async Task AssertHealthyWithoutSecretsAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync($"http://127.0.0.1:{port}/health");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(["broker", "database", "model"], json.RootElement.GetProperty("checks").EnumerateObject().Select(c => c.Name));
        var password = Uri.UnescapeDataString(new Uri(TestServices.RabbitMq).UserInfo).Split(':')[1];
        Assert.DoesNotContain(password, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("amqp", body, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<double> ValueAsync(PrometheusServer prometheus, string promql)
    {
        var result = await prometheus.QueryAsync(promql);
        return result.GetArrayLength() == 0 ? double.NaN : Number(result[0].GetProperty("value")[1]);
    }

    private static double Number(JsonElement value) => double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting until " + what);
            await Task.Delay(1000);
        }
    }
}
