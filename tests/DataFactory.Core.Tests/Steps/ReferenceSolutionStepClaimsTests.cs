using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Tests.Conformance;

namespace DataFactory.Core.Tests.Steps;

/// <summary>
/// The arithmetic checker on real prose: the 1,319 GSM8K reference solutions (calculator annotations,
/// money, units, chains written as running computations), the labelled GSM8K model solutions and the
/// 500 MATH-500 reference solutions (LaTeX) of the conformance fixtures. The claims it judges false
/// there were each read and are false as written.
/// </summary>
public sealed class ReferenceSolutionStepClaimsTests
{
    private static readonly Problem Math = new() { Id = "g", Prompt = "p", Kind = TaskKind.Math, Answer = "1" };

    private static readonly string[] Models = ["6b_finetuning", "6b_verification", "175b_finetuning", "175b_verification"];

    [Fact]
    public void The_only_false_claim_in_the_reference_solutions_is_the_known_typo()
    {
        var checker = StepCheckerRegistry.CreateDefault();
        var flawed = new List<string>();
        var checkedClaims = 0;
        foreach (var row in ConformanceFixtures.ReadLines("gsm8k_example_model_solutions.jsonl"))
        {
            var check = checker.Check(Math, row.GetProperty("ground_truth").GetString()!);
            checkedClaims += check.Checked;
            if (check.FirstFalse is { } step)
            {
                flawed.Add(step.Text);
            }
        }

        // GSM8K's own solution says "$32 - $20 = $300 left" (the answer is 12).
        Assert.Equal(["32 - $20 = $300"], flawed);
        Assert.True(checkedClaims > 4_000, $"only {checkedClaims} claims checked");
    }

    [Fact]
    public void Claims_judged_false_in_correct_model_solutions_are_the_ones_read_false()
    {
        var checker = StepCheckerRegistry.CreateDefault();
        var flawed = new List<string>();
        foreach (var row in ConformanceFixtures.ReadLines("gsm8k_example_model_solutions.jsonl"))
        {
            foreach (var model in Models)
            {
                var solution = row.GetProperty(model);
                if (solution.GetProperty("is_correct").GetBoolean() && checker.Check(Math, solution.GetProperty("solution").GetString()!).FirstFalse is { } step)
                {
                    flawed.Add(step.Text);
                }
            }
        }

        string[] expected =
        [
            "1 - 1 - 1 - 1 - 1 - 1 - 1 - 1 = 0.01",
            "5-3=2.5",
            "520*(1+0.18)=500",
            "100/ 3 + $100/2 = $100/5",
            "220.00 – $210.00 = $20.00",
            "126 + $6.3 = $132",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), flawed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_only_false_claim_in_the_math500_solutions_is_a_wrong_discriminant()
    {
        var checker = StepCheckerRegistry.CreateDefault();
        var flawed = new List<string>();
        var checkedClaims = 0;
        foreach (var row in ConformanceFixtures.ReadLines("answer_extraction_from_datasets.jsonl"))
        {
            if (row.GetProperty("extractor").GetString() != "last_boxed")
            {
                continue;
            }

            var check = checker.Check(Math, row.GetProperty("text").GetString()!);
            checkedClaims += check.Checked;
            if (check.FirstFalse is { } step)
            {
                flawed.Add(step.Text);
            }
        }

        // The solution computes the discriminant of y^2 - 4y - 1 with "+ 4ac": 12, not the 20 it states.
        Assert.Equal([@"(-4)^2 + 4 \cdot 1 \cdot (-1) = 20"], flawed);
        Assert.True(checkedClaims > 150, $"only {checkedClaims} claims checked");
    }
}
