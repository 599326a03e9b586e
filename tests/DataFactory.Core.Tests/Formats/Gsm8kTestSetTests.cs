using System.Globalization;
using System.Text.Json;
using DataFactory.Core.Formats;

namespace DataFactory.Core.Tests.Formats;

public sealed class Gsm8kTestSetTests
{
    [Fact]
    public void Every_gold_answer_of_the_1319_test_problems_parses_as_a_number()
    {
        var result = Import.Fixture("gsm8k_test.jsonl");

        Assert.Equal(ProblemFormat.Gsm8k, result.DetectedFormat);
        Assert.Equal(1319, result.Problems.Count);
        Assert.All(result.Problems, problem =>
            Assert.True(
                decimal.TryParse(problem.Answer, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _),
                $"{problem.Id}: {problem.Answer}"));
    }

    [Fact]
    public void Gold_answers_match_the_text_after_the_marker_with_commas_dropped()
    {
        var expected = File.ReadLines(Import.FixturePath("gsm8k_test.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("answer").GetString()!)
            .Select(answer => answer.Split("####")[^1].Trim().Replace(",", string.Empty, StringComparison.Ordinal))
            .ToList();

        var result = Import.Fixture("gsm8k_test.jsonl");

        Assert.Equal(expected, result.Problems.Select(p => p.Answer));
        Assert.Contains(result.Problems, p => p.Answer == "1450000");
    }
}
