using System.Text.Json;
using System.Text.RegularExpressions;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Formats;

/// <summary>
/// GSM8K: <c>{"question": ..., "answer": "...reasoning...\n#### 72"}</c>. The gold answer is the text
/// after the last <c>####</c>, with thousands separators removed; the whole solution goes to metadata.
/// </summary>
internal sealed partial class Gsm8kLineParser : IProblemLineParser
{
    private const string Marker = "####";

    public ParsedLine Parse(JsonElement line, int lineNumber)
    {
        var (id, idField) = ProblemId.Read(line, ProblemFormat.Gsm8k, lineNumber, "id");
        var question = LineFields.RequiredString(line, "question");
        var solution = LineFields.RequiredString(line, "answer");

        var marker = solution.LastIndexOf(Marker, StringComparison.Ordinal);
        if (marker < 0)
        {
            throw new InvalidFieldException("answer", "has no '####' before the gold answer");
        }

        var gold = solution[(marker + Marker.Length)..].Trim();
        if (gold.Length == 0)
        {
            throw new InvalidFieldException("answer", "has nothing after the last '####'");
        }

        using var metadata = new MetadataBuilder();
        metadata.Add("solution", solution);
        var problem = new Problem
        {
            Id = id,
            Prompt = question,
            Kind = TaskKind.Math,
            Answer = RemoveThousandsSeparators(gold),
            Metadata = metadata.Build(),
        };
        return new ParsedLine(problem, idField);
    }

    /// <summary>"1,450,000" becomes "1450000"; anything not grouped by thousands is kept as written.</summary>
    internal static string RemoveThousandsSeparators(string gold) =>
        ThousandsGrouped().IsMatch(gold) ? gold.Replace(",", string.Empty, StringComparison.Ordinal) : gold;

    // Anchored, no nested quantifiers: linear time.
    [GeneratedRegex(@"^[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ThousandsGrouped();
}
