using System.Globalization;
using System.Text;
using System.Text.Json;
using DataFactory.Core.Evaluation;

namespace DataFactory.Cli.Eval;

/// <summary>The evaluation's table for people, and its JSON: one object per task kind.</summary>
internal static class EvalReport
{
    public static string Table(IReadOnlyList<KindScore> scores, int samples)
    {
        var text = new StringBuilder();
        var passAtK = $"pass@{samples}";
        text.AppendLine(CultureInfo.InvariantCulture, $"{"kind",-14} {"problems",8} {"pass@1",8} {passAtK,8} {"greedy",8}");
        foreach (var s in scores)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{s.Kind,-14} {s.Problems,8} {Percent(s.PassAt1),8} {Percent(s.PassAtK),8} {Percent(s.Greedy),8}");
        }

        if (scores.Count > 1)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{"mean of kinds",-14} {scores.Sum(s => s.Problems),8} {Percent(scores.Average(s => s.PassAt1)),8} {Percent(scores.Average(s => s.PassAtK)),8} {Percent(scores.Average(s => s.Greedy)),8}");
        }

        return text.ToString();
    }

    /// <summary>One JSON object per kind: <c>{"kind", "problems", "pass@1", "pass@k", "greedy"}</c>, fractions 0..1.</summary>
    public static IEnumerable<string> JsonLines(IReadOnlyList<KindScore> scores) => scores.Select(Json);

    /// <summary>The figures as one JSON array (what the store keeps).</summary>
    public static string JsonArray(IReadOnlyList<KindScore> scores) => "[" + string.Join(",", scores.Select(Json)) + "]";

    private static string Json(KindScore s)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", s.Kind);
            json.WriteNumber("problems", s.Problems);
            json.WriteNumber("samples", s.Samples);
            json.WriteNumber("pass@1", Math.Round(s.PassAt1, 6));
            json.WriteNumber("pass@k", Math.Round(s.PassAtK, 6));
            json.WriteNumber("greedy", Math.Round(s.Greedy, 6));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";
}
