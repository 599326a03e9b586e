using DataFactory.Core.Verification.MathAnswers;

namespace DataFactory.Core.Tests.Conformance;

public sealed class AnswerEquivalenceConformanceTests
{
    [Fact]
    public void Agrees_with_the_equivalence_cases_except_the_listed_ones()
    {
        var disagreements = new Dictionary<string, string>(StringComparer.Ordinal);
        var cases = ConformanceFixtures.ReadLines("answer_equivalence.jsonl");
        foreach (var row in cases)
        {
            var id = row.GetProperty("id").GetString()!;
            var gold = row.GetProperty("gold").GetString()!;
            var prediction = row.GetProperty("prediction").GetString()!;
            var expected = row.GetProperty("equivalent").GetBoolean();
            var actual = MathVerifier.AreEquivalent(gold, prediction);
            if (actual != expected)
            {
                disagreements[id] = $"expected {expected}: {Short(gold)} | {Short(prediction)}";
            }
        }

        Assert.Equal(365, cases.Count);
        ConformanceFixtures.AssertMatchesKnownList("answer_equivalence", disagreements, cases.Count, minimumRate: 0.90);
    }

    private static string Short(string text) => text.Length <= 90 ? text : text[..40] + " … " + text[^45..];
}
