using DataFactory.Core.Verification.MathAnswers;

namespace DataFactory.Core.Tests.Conformance;

public sealed class Math500ConformanceTests
{
    [Fact]
    public void Every_reference_solution_matches_its_own_answer_and_not_the_next_problems()
    {
        var verifier = new MathVerifier();
        var rows = ConformanceFixtures.ReadLines("answer_extraction_from_datasets.jsonl")
            .Where(r => r.GetProperty("extractor").GetString() == "last_boxed")
            .Select(r => (Solution: r.GetProperty("text").GetString()!, Answer: r.GetProperty("expected").GetString()!))
            .ToList();
        var failures = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            var own = verifier.Check(rows[i].Answer, rows[i].Solution);
            if (!own.IsCorrect)
            {
                failures.Add($"{i}: own answer {rows[i].Answer} rejected: {own.Reason}");
            }

            // A wrong gold must be rejected, unless the two answers happen to be equal.
            var other = rows[(i + 1) % rows.Count].Answer;
            if (!verifier.Check(other, rows[i].Answer).IsCorrect && verifier.Check(other, rows[i].Solution).IsCorrect)
            {
                failures.Add($"{i}: accepted against the next problem's answer {other}");
            }
        }

        Assert.Equal(500, rows.Count);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
