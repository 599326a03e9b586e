using DataFactory.Core.Problems;
using DataFactory.Core.Verification.MathAnswers;

namespace DataFactory.Core.Tests.Conformance;

public sealed class Gsm8kSolutionsConformanceTests
{
    private static readonly string[] Models = ["6b_finetuning", "6b_verification", "175b_finetuning", "175b_verification"];

    [Fact]
    public void Verdicts_equal_the_labels_of_all_gsm8k_example_solutions()
    {
        var verifier = new MathVerifier();
        var mismatches = new List<string>();
        var checkedCount = 0;
        var lines = ConformanceFixtures.ReadLines("gsm8k_example_model_solutions.jsonl");
        for (var index = 0; index < lines.Count; index++)
        {
            var row = lines[index];
            var truth = row.GetProperty("ground_truth").GetString()!;
            var gold = truth[(truth.LastIndexOf("A:", StringComparison.Ordinal) + 2)..].Trim();
            var problem = new Problem { Id = $"gsm8k-{index}", Prompt = row.GetProperty("question").GetString()!, Kind = TaskKind.Math, Answer = gold };
            foreach (var model in Models)
            {
                var output = row.GetProperty(model);
                var verdict = verifier.Verify(problem, output.GetProperty("solution").GetString()!);
                checkedCount++;
                if (verdict.IsCorrect != output.GetProperty("is_correct").GetBoolean())
                {
                    mismatches.Add($"{index}/{model}: label {output.GetProperty("is_correct").GetBoolean()}, gold {gold}, verdict {verdict}");
                }
            }
        }

        Assert.Equal(5276, checkedCount);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches:\n" + string.Join("\n", mismatches.Take(40)));
    }
}
