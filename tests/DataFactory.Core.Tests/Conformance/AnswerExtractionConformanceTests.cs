using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification.MathAnswers;

namespace DataFactory.Core.Tests.Conformance;

public sealed class AnswerExtractionConformanceTests
{
    [Fact]
    public void Agrees_with_the_extraction_cases_except_the_listed_ones()
    {
        var disagreements = new Dictionary<string, string>(StringComparer.Ordinal);
        var cases = ConformanceFixtures.ReadLines("answer_extraction.jsonl");
        foreach (var row in cases)
        {
            var id = row.GetProperty("id").GetString()!;
            var text = row.GetProperty("text").GetString()!;
            var expected = row.GetProperty("expected").GetString()!;
            var noAnswer = row.TryGetProperty("no_answer", out var flag) && flag.GetBoolean();
            var kind = row.GetProperty("extractor").GetString() == "math_verify_string" ? TaskKind.MultipleChoice : TaskKind.Math;

            if (row.GetProperty("compare").GetString() == "exact")
            {
                var extracted = AnswerExtractor.Extract(text, kind);
                var agrees = noAnswer ? extracted is null : extracted?.Trim() == expected.Trim();
                if (!agrees)
                {
                    disagreements[id] = $"expected '{expected}', extracted '{extracted}'";
                }
            }
            else if (!MathVerifier.AreEquivalent(expected, text))
            {
                disagreements[id] = $"not equivalent to '{expected}': extracted '{AnswerExtractor.Extract(text, kind)}'";
            }
        }

        Assert.Equal(95, cases.Count);
        ConformanceFixtures.AssertMatchesKnownList("answer_extraction", disagreements, cases.Count, minimumRate: 0.90);
    }

    [Fact]
    public void Extracts_every_math500_last_box_and_gsm8k_answer_exactly()
    {
        var failures = new List<string>();
        var cases = ConformanceFixtures.ReadLines("answer_extraction_from_datasets.jsonl");
        foreach (var row in cases)
        {
            var extracted = AnswerExtractor.Extract(row.GetProperty("text").GetString(), TaskKind.Math);
            var expected = row.GetProperty("expected").GetString()!;
            if (extracted != expected.Trim())
            {
                failures.Add($"{row.GetProperty("id").GetString()}: expected '{expected}', extracted '{extracted}'");
            }
        }

        Assert.Equal(1819, cases.Count);
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} differ:\n" + string.Join("\n", failures.Take(40)));
    }
}
