using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DataFactory.IntegrationTests.Observability;

/// <summary>
/// Draws the Grafana dashboard's panels as one SVG from the same PromQL against a real Prometheus:
/// Grafana is not in Debian's packages, so the README's picture of the dashboard is made this way,
/// from the data of a real run. Same grid, titles, queries, legends and units; simpler drawing.
/// </summary>
internal static partial class DashboardSnapshot
{
    private const int Column = 56;
    private const int Row = 30;
    private const int Gap = 6;
    private static readonly string[] Colors = ["#73bf69", "#f2cc0c", "#5794f2", "#ff780a", "#b877d9", "#f2495c", "#8ab8ff", "#fade2a"];

    public static async Task<string> RenderAsync(IReadOnlyList<DashboardPanel> panels, PrometheusServer prometheus, DateTimeOffset from, DateTimeOffset to, TimeSpan rateWindow, string subtitle)
    {
        var width = 24 * Column;
        var height = (panels.Max(p => p.Y + p.Height) * Row) + 50;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Inter, Helvetica, Arial, sans-serif">""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{width}" height="{height}" fill="#111217"/>""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="12" y="28" fill="#ccccdc" font-size="18" font-weight="600">DataFactory</text><text x="140" y="28" fill="#8e8e9c" font-size="12">{Escape(subtitle)}</text>""").AppendLine();
        foreach (var panel in panels)
        {
            double x = panel.X * Column + Gap, y = 40 + panel.Y * Row + Gap, w = panel.Width * Column - 2 * Gap, h = panel.Height * Row - 2 * Gap;
            svg.Append(CultureInfo.InvariantCulture, $"""<g><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="3" fill="#181b1f" stroke="#2a2d35"/><text x="{x + 10}" y="{y + 20}" fill="#ccccdc" font-size="13" font-weight="600">{Escape(panel.Title)}</text>""").AppendLine();
            var body = (X: x + 10, Y: y + 30, W: w - 20, H: h - 40);
            if (panel.Type == "timeseries")
            {
                var series = new List<(string Label, List<(double T, double V)> Points)>();
                foreach (var (expr, legend) in panel.Targets)
                {
                    var result = await prometheus.QueryRangeAsync(DashboardPanel.Resolve(expr, rateWindow), from, to, TimeSpan.FromSeconds(2));
                    series.AddRange(result.EnumerateArray().Select(s => (Legend(legend, s), s.GetProperty("values").EnumerateArray()
                        .Select(v => (v[0].GetDouble(), Parse(v[1].GetString()!))).Where(p => double.IsFinite(p.Item2)).ToList())));
                }

                TimeSeries(svg, body, series, panel.Unit, from, to);
            }
            else
            {
                var values = new List<(string Label, string Key, double Value, int Target)>();
                for (var i = 0; i < panel.Targets.Count; i++)
                {
                    var (expr, legend) = panel.Targets[i];
                    var result = await prometheus.QueryAsync(DashboardPanel.Resolve(expr, to - from));
                    values.AddRange(result.EnumerateArray().Select(s => (Legend(legend, s), s.GetProperty("metric").TryGetProperty("run_id", out var run) ? run.GetString()! : string.Empty, Parse(s.GetProperty("value")[1].GetString()!), i)));
                }

                if (panel.Type == "bargauge")
                {
                    Bars(svg, body, values);
                }
                else if (panel.Type == "table")
                {
                    Table(svg, body, values, panel.Targets.Select(t => t.Legend).ToArray());
                }
                else
                {
                    Stats(svg, body, values, panel.Unit);
                }
            }

            svg.AppendLine("</g>");
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void TimeSeries(StringBuilder svg, (double X, double Y, double W, double H) box, List<(string Label, List<(double T, double V)> Points)> series, string? unit, DateTimeOffset from, DateTimeOffset to)
    {
        var legendRows = Math.Min(4, (series.Count + 1) / 2);
        var plot = (X: box.X + 58, Y: box.Y + 4, W: box.W - 62, H: box.H - 24 - (13 * Math.Max(1, legendRows)));
        var max = series.SelectMany(s => s.Points).Select(p => p.V).DefaultIfEmpty(1).Max();
        max = max <= 0 ? 1 : unit == "percentunit" ? Math.Max(max, 1) : max * 1.1;
        double t0 = from.ToUnixTimeSeconds(), t1 = Math.Max(t0 + 1, to.ToUnixTimeSeconds());
        for (var i = 0; i <= 3; i++)
        {
            var gy = plot.Y + plot.H - (plot.H * i / 3);
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{plot.X}" y1="{gy:F1}" x2="{plot.X + plot.W}" y2="{gy:F1}" stroke="#2a2d35"/><text x="{plot.X - 6}" y="{gy + 4:F1}" fill="#8e8e9c" font-size="10" text-anchor="end">{Escape(Format(max * i / 3, unit))}</text>""");
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{plot.X}" y="{plot.Y + plot.H + 14:F1}" fill="#8e8e9c" font-size="10">{from.ToUniversalTime():HH:mm:ss}</text><text x="{plot.X + plot.W}" y="{plot.Y + plot.H + 14:F1}" fill="#8e8e9c" font-size="10" text-anchor="end">{to.ToUniversalTime():HH:mm:ss} UTC</text>""");
        for (var i = 0; i < series.Count; i++)
        {
            var color = Colors[i % Colors.Length];
            var points = string.Join(' ', series[i].Points.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{plot.X + (plot.W * (p.T - t0) / (t1 - t0)):F1},{plot.Y + plot.H - (plot.H * Math.Min(p.V, max) / max):F1}")));
            if (series[i].Points.Count > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>""");
            }

            if (i < 2 * legendRows)
            {
                var lx = box.X + (i % 2 * box.W / 2);
                var ly = box.Y + box.H - (13 * legendRows) + 4 + (i / 2 * 13);
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{lx:F1}" y="{ly - 8:F1}" width="10" height="3" fill="{color}"/><text x="{lx + 14:F1}" y="{ly:F1}" fill="#ccccdc" font-size="10">{Escape(Shorten(series[i].Label, 34))}</text>""");
            }
        }

        svg.AppendLine();
    }

    private static void Stats(StringBuilder svg, (double X, double Y, double W, double H) box, List<(string Label, string Key, double Value, int Target)> values, string? unit)
    {
        var width = box.W / Math.Max(1, values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var cx = box.X + (width * i) + (width / 2);
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{cx:F1}" y="{box.Y + (box.H / 2) + 6:F1}" fill="#73bf69" font-size="34" font-weight="600" text-anchor="middle">{Escape(Format(values[i].Value, unit))}</text><text x="{cx:F1}" y="{box.Y + box.H - 4:F1}" fill="#ccccdc" font-size="12" text-anchor="middle">{Escape(values[i].Label)}</text>""");
        }

        svg.AppendLine();
    }

    private static void Bars(StringBuilder svg, (double X, double Y, double W, double H) box, List<(string Label, string Key, double Value, int Target)> values)
    {
        var rowHeight = Math.Min(26, box.H / Math.Max(1, values.Count));
        for (var i = 0; i < values.Count; i++)
        {
            var y = box.Y + (rowHeight * i);
            var fraction = Math.Clamp(values[i].Value, 0, 1);
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{box.X}" y="{y + 15:F1}" fill="#ccccdc" font-size="11">{Escape(Shorten(values[i].Label, 13))}</text><rect x="{box.X + 110}" y="{y + 4:F1}" width="{box.W - 170:F1}" height="{rowHeight - 8:F1}" fill="#22252b"/><rect x="{box.X + 110}" y="{y + 4:F1}" width="{(box.W - 170) * fraction:F1}" height="{rowHeight - 8:F1}" fill="#73bf69"/><text x="{box.X + box.W}" y="{y + 15:F1}" fill="#ccccdc" font-size="11" text-anchor="end">{Format(values[i].Value, "percentunit")}</text>""");
        }

        svg.AppendLine();
    }

    private static void Table(StringBuilder svg, (double X, double Y, double W, double H) box, List<(string Label, string Key, double Value, int Target)> values, string[] columns)
    {
        var width = box.W / (columns.Length + 1);
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{box.X}" y="{box.Y + 12}" fill="#8e8e9c" font-size="11">run_id</text>""");
        for (var c = 0; c < columns.Length; c++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{box.X + (width * (c + 2)) - 8:F1}" y="{box.Y + 12}" fill="#8e8e9c" font-size="11" text-anchor="end">{Escape(columns[c])}</text>""");
        }

        var rows = values.GroupBy(v => v.Key).OrderBy(g => g.Key, StringComparer.Ordinal).Take((int)((box.H - 20) / 18)).ToArray();
        for (var r = 0; r < rows.Length; r++)
        {
            var y = box.Y + 32 + (r * 18);
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{box.X}" y="{y:F1}" fill="#ccccdc" font-size="11">{Escape(rows[r].Key)}</text>""");
            foreach (var cell in rows[r])
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{box.X + (width * (cell.Target + 2)) - 8:F1}" y="{y:F1}" fill="#ccccdc" font-size="11" text-anchor="end">{Format(cell.Value, "short")}</text>""");
            }
        }

        svg.AppendLine();
    }

    private static string Legend(string format, JsonElement series)
    {
        var metric = series.GetProperty("metric");
        return LabelReference().Replace(format, m => metric.TryGetProperty(m.Groups[1].Value, out var value) ? value.GetString() ?? string.Empty : string.Empty).Trim();
    }

    private static double Parse(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Format(double value, string? unit) => unit switch
    {
        "percentunit" => string.Create(CultureInfo.InvariantCulture, $"{value * 100:F1}%"),
        "s" => value < 1 ? string.Create(CultureInfo.InvariantCulture, $"{value * 1000:F0} ms") : string.Create(CultureInfo.InvariantCulture, $"{value:F2} s"),
        "ops" => string.Create(CultureInfo.InvariantCulture, $"{value:0.##}/s"),
        _ => Math.Abs(value) >= 1000 ? string.Create(CultureInfo.InvariantCulture, $"{value / 1000:0.#}k") : value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"\{\{\s*(\w+)\s*\}\}")]
    private static partial Regex LabelReference();
}
