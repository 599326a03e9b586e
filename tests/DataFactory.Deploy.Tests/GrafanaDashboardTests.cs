using System.Text.Json;
using System.Text.RegularExpressions;

namespace DataFactory.Deploy.Tests;

/// <summary>The provisioned Grafana data source and dashboard agree with each other and with Prometheus's jobs.</summary>
public sealed partial class GrafanaDashboardTests
{
    private static readonly JsonElement Dashboard = JsonDocument.Parse(File.ReadAllText(Repo.Path("deploy", "grafana", "dashboards", "datafactory.json"))).RootElement;

    private static IEnumerable<JsonElement> Panels => Dashboard.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row");

    [Fact]
    public void Every_panel_queries_the_provisioned_prometheus_data_source()
    {
        var source = Repo.Map(Repo.List(Repo.YamlDocuments(Repo.Path("deploy", "grafana", "provisioning", "datasources", "prometheus.yml")).Single()["datasources"], "datasources").Single(), "datasource");
        Assert.Equal("prometheus", source["type"]);
        Assert.Equal("http://prometheus:9090", source["url"]);
        Assert.Equal("datafactory", Dashboard.GetProperty("uid").GetString());
        foreach (var panel in Panels)
        {
            var title = panel.GetProperty("title").GetString();
            Assert.Equal((string)source["uid"], panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("description").GetString()), $"{title} has no description");
            var targets = panel.GetProperty("targets").EnumerateArray().ToArray();
            Assert.NotEmpty(targets);
            Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString()), $"{title}: empty query"));
            Assert.Equal(targets.Length, targets.Select(t => t.GetProperty("refId").GetString()).Distinct().Count());
        }
    }

    [Fact]
    public void The_dashboard_has_the_panels_a_run_is_watched_with()
    {
        var titles = Panels.Select(p => p.GetProperty("title").GetString()).ToArray();
        foreach (var wanted in new[]
        {
            "Verified traces/s", "Tokens/s", "Candidates/s", "Acceptance rate by task kind", "Run progress", "Queue depth",
            "Error queue depth", "Stage latency p50/p95", "Workers up", "Execution provider",
            "Verified traces per million tokens", "Problems covered and exhausted", "Candidates per problem",
        })
        {
            Assert.Contains(wanted, titles);
        }

        Assert.Contains("datafactory_problems_exhausted_total", string.Join('\n', Queries("Problems covered and exhausted")), StringComparison.Ordinal);
        Assert.Contains("datafactory_problems_saturated_total", string.Join('\n', Queries("Problems covered and exhausted")), StringComparison.Ordinal);
        Assert.Contains("datafactory_problem_candidates_bucket", string.Join('\n', Queries("Candidates per problem")), StringComparison.Ordinal);

        var stage = string.Join('\n', Queries("Stage latency p50/p95"));
        Assert.Contains("histogram_quantile(0.5,", stage, StringComparison.Ordinal);
        Assert.Contains("histogram_quantile(0.95,", stage, StringComparison.Ordinal);
    }

    [Fact]
    public void Jobs_named_in_queries_are_scraped_by_the_prometheus_configuration()
    {
        var jobs = Repo.List(Repo.YamlDocuments(Repo.Path("deploy", "prometheus", "prometheus.yml")).Single()["scrape_configs"], "scrape_configs")
            .Select(j => (string)Repo.Map(j, "job")["job_name"]).ToHashSet();
        var named = Panels.SelectMany(p => p.GetProperty("targets").EnumerateArray()).SelectMany(t => JobLabel().Matches(t.GetProperty("expr").GetString()!)).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(named);
        Assert.All(named, job => Assert.Contains(job, jobs));
    }

    private static IEnumerable<string> Queries(string title) =>
        Panels.Single(p => p.GetProperty("title").GetString() == title).GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!);

    [GeneratedRegex("job=\"([^\"]+)\"")]
    private static partial Regex JobLabel();
}
