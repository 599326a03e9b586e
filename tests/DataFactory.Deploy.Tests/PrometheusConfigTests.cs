using System.Diagnostics;

namespace DataFactory.Deploy.Tests;

/// <summary>deploy/prometheus/prometheus.yml: Prometheus's own checker accepts it and it scrapes what the dashboard reads.</summary>
public sealed class PrometheusConfigTests
{
    private static readonly string ConfigFile = Repo.Path("deploy", "prometheus", "prometheus.yml");

    [Fact]
    public async Task Promtool_accepts_the_configuration()
    {
        var promtool = new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("promtool not found: tests/services.sh installs Debian's prometheus package, which has it.");
        var start = new ProcessStartInfo(promtool, ["check", "config", "--syntax-only", ConfigFile]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrapes_the_workers_on_their_metrics_port_and_rabbitmq_in_aggregate_and_per_queue()
    {
        var jobs = Repo.List(Repo.YamlDocuments(ConfigFile).Single()["scrape_configs"], "scrape_configs")
            .Select(j => Repo.Map(j, "job")).ToDictionary(j => (string)j["job_name"]);
        Assert.Equal(["datafactory-worker", "rabbitmq", "rabbitmq-queues"], jobs.Keys.Order(StringComparer.Ordinal));

        var workers = Repo.Map(Repo.List(jobs["datafactory-worker"]["dns_sd_configs"], "dns_sd_configs").Single(), "dns");
        Assert.Equal("9464", workers["port"]);
        Assert.Equal(["worker", "worker-gpu"], Repo.List(workers["names"], "names").Cast<string>());
        Assert.Equal("/metrics", jobs["datafactory-worker"]["metrics_path"]);

        Assert.Equal("/metrics", jobs["rabbitmq"]["metrics_path"]);
        Assert.Equal("/metrics/detailed", jobs["rabbitmq-queues"]["metrics_path"]);
        Assert.Equal(["queue_coarse_metrics", "queue_consumer_count"], Repo.List(Repo.At(jobs["rabbitmq-queues"], "params", "family"), "family").Cast<string>());
        foreach (var job in new[] { "rabbitmq", "rabbitmq-queues" })
        {
            var target = Repo.List(Repo.Map(Repo.List(jobs[job]["static_configs"], "static_configs").Single(), "static")["targets"], "targets").Cast<string>().Single();
            Assert.Equal("rabbitmq:15692", target);
        }
    }
}
