using System.Text.Json;

namespace DataFactory.IntegrationTests.Observability;

/// <summary>A panel of the provisioned Grafana dashboard: where it sits, how it shows, what it queries.</summary>
internal sealed record DashboardPanel(string Title, string Type, string? Unit, int X, int Y, int Width, int Height, IReadOnlyList<(string Expr, string Legend)> Targets)
{
    public static IReadOnlyList<DashboardPanel> Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "grafana", "dashboards", "datafactory.json")));
        return [.. json.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.GetProperty("type").GetString() != "row")
            .Select(p =>
            {
                var grid = p.GetProperty("gridPos");
                var unit = p.GetProperty("fieldConfig").GetProperty("defaults").TryGetProperty("unit", out var u) ? u.GetString() : null;
                return new DashboardPanel(
                    p.GetProperty("title").GetString()!,
                    p.GetProperty("type").GetString()!,
                    unit,
                    grid.GetProperty("x").GetInt32(),
                    grid.GetProperty("y").GetInt32(),
                    grid.GetProperty("w").GetInt32(),
                    grid.GetProperty("h").GetInt32(),
                    [.. p.GetProperty("targets").EnumerateArray().Select(t => (t.GetProperty("expr").GetString()!, t.TryGetProperty("legendFormat", out var l) ? l.GetString() ?? string.Empty : string.Empty))]);
            })];
    }

    /// <summary>The query as Prometheus runs it: Grafana's <c>$__rate_interval</c> replaced by a concrete window.</summary>
    public static string Resolve(string expr, TimeSpan rateWindow) =>
        expr.Replace("$__rate_interval", $"{(int)Math.Ceiling(rateWindow.TotalSeconds)}s", StringComparison.Ordinal);
}
