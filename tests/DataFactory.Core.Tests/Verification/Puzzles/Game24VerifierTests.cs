using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Core.Verification.Puzzles;

namespace DataFactory.Core.Tests.Verification.Puzzles;

public sealed class Game24VerifierTests
{
    private static readonly Game24Verifier Verifier = new();

    private static Problem Puzzle(params long[] numbers) => new()
    {
        Id = "p",
        Prompt = "Make 24.",
        Kind = TaskKind.Game24,
        Numbers = numbers,
    };

    [Theory]
    [InlineData("(8 - 4) * (7 - 1)")]
    [InlineData("(7 - 1) * (8 - 4) = 24")]
    [InlineData("\\boxed{(8-4)\\times(7-1)}")]
    [InlineData("So the answer is (8 − 4) × (7 − 1) = 24.")]
    [InlineData("Answer: [(8-4)*(7-1)]")]
    [InlineData("(8 - 4) * (7 - 1) = 4 * 6 = 24")]
    [InlineData("24 = (8 - 4) * (7 - 1)")]
    [InlineData("Final answer: (7-1)*(8-4) = 25")]
    public void Accepts_any_valid_expression_reaching_24(string candidate)
    {
        var verdict = Verifier.Verify(Puzzle(4, 7, 8, 1), candidate);
        Assert.Equal(VerdictStatus.Correct, verdict.Status);
        Assert.True(verdict.IsCorrect, verdict.Reason);
    }

    [Fact]
    public void Evaluates_with_exact_fractions()
    {
        var verdict = Verifier.Verify(Puzzle(3, 3, 8, 8), "The answer is 8/(3-8/3)");
        Assert.True(verdict.IsCorrect, verdict.Reason);
        Assert.Equal("8/(3-8/3)", verdict.Extracted);
    }

    [Fact]
    public void Accepts_latex_fraction()
    {
        var verdict = ArithmeticPuzzle.Check("\\frac{8}{3 - \\frac{8}{3}} = 24", [3, 3, 8, 8], 24);
        Assert.True(verdict.IsCorrect, verdict.Reason);
    }

    [Fact]
    public void Accepts_decimal_literal_equal_to_a_given_number()
    {
        var verdict = ArithmeticPuzzle.Check("4.0 * 6 * 1 * 1 = 24.0", [4, 6, 1, 1], 24);
        Assert.True(verdict.IsCorrect, verdict.Reason);
    }

    [Theory]
    [InlineData("(8 − 4) × (7 – 1)")]
    [InlineData("(8 - 4) · (7 - 1)")]
    [InlineData("(8 - 4) ⋅ (7 - 1)")]
    [InlineData("[8 - 4] x [7 - 1]")]
    [InlineData("\\left(8 - 4\\right) \\cdot \\left(7 - 1\\right)")]
    public void Accepts_unicode_and_latex_operators_when_given_the_expression(string expression)
    {
        var verdict = ArithmeticPuzzle.Check(expression, [4, 7, 8, 1], 24);
        Assert.True(verdict.IsCorrect, verdict.Reason);
    }

    [Fact]
    public void Rejects_a_number_used_twice()
    {
        var verdict = Verifier.Verify(Puzzle(8, 8, 3, 1), "Final answer: 8 * 3 * 1 * 1");
        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Contains("uses 1 twice", verdict.Reason);
        Assert.Contains("uses 8 once, given twice", verdict.Reason);
    }

    [Fact]
    public void Rejects_a_missing_number()
    {
        var verdict = Verifier.Verify(Puzzle(4, 6, 1, 2), "\\boxed{4 * 6}");
        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Equal("does not use 1; does not use 2", verdict.Reason);
    }

    [Fact]
    public void Rejects_a_number_not_given()
    {
        var verdict = Verifier.Verify(Puzzle(4, 6, 1, 1), "\\boxed{4 * 6 * 1 * 1 * 5}");
        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Contains("uses 5, which is not one of the numbers", verdict.Reason);
    }

    [Fact]
    public void Rejects_wrong_value_with_the_value_in_the_reason()
    {
        var verdict = Verifier.Verify(Puzzle(4, 7, 8, 1), "\\boxed{(8 - 4) * 7 - 1}");
        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Equal("evaluates to 27, not 24", verdict.Reason);
    }

    [Fact]
    public void Rejects_a_fractional_result()
    {
        var verdict = Verifier.Verify(Puzzle(1, 2, 3, 4), "\\boxed{1 / 2 + 3 * 4}");
        Assert.Equal("evaluates to 25/2, not 24", verdict.Reason);
    }

    [Fact]
    public void Division_by_zero_is_incorrect_with_a_reason()
    {
        var verdict = Verifier.Verify(Puzzle(4, 4, 6, 1), "\\boxed{(6 + 1) / (4 - 4)}");
        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Equal("divides by zero", verdict.Reason);
    }

    [Fact]
    public void The_claimed_right_side_does_not_make_a_wrong_expression_right()
    {
        var verdict = Verifier.Verify(Puzzle(4, 7, 8, 1), "\\boxed{(8 - 4) * 7 + 1 = 24}");
        Assert.Equal("evaluates to 29, not 24", verdict.Reason);
    }

    [Theory]
    [InlineData("((8 - 4) * (7 - 1)")]
    [InlineData("(8 - 4)) * (7 - 1)")]
    [InlineData("(8 - 4] * (7 - 1)")]
    public void Unbalanced_brackets_are_unparseable(string expression)
    {
        var verdict = ArithmeticPuzzle.Check(expression, [4, 7, 8, 1], 24);
        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);
        Assert.StartsWith("not an expression", verdict.Reason);
    }

    [Theory]
    [InlineData("sqrt(16) * 6", "unexpected 's'")]
    [InlineData("4^2 + 8", "unexpected '^'")]
    [InlineData("(8 - 4)(7 - 1)", "missing operator")]
    [InlineData("-(1 - 7) * (8 - 4)", "unary '-'")]
    [InlineData("8 * 3 +", "unexpected end")]
    [InlineData("4! * 1", "unexpected '!'")]
    public void Rejects_what_is_not_plus_minus_times_divide_and_brackets(string expression, string reason)
    {
        var verdict = ArithmeticPuzzle.Check(expression, [4, 7, 8, 1], 24);
        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);
        Assert.Contains(reason, verdict.Reason);
    }

    [Fact]
    public void A_negative_literal_is_a_number_that_must_be_given()
    {
        var verdict = ArithmeticPuzzle.Check("-1 * (7 - 8) * 4 * 6", [1, 7, 8, 4], 24);
        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Contains("uses -1, which is not one of the numbers", verdict.Reason);
    }

    [Fact]
    public void Honours_a_target_other_than_24()
    {
        var problem = Puzzle(4, 7, 8, 1) with { Target = 25 };
        Assert.True(Verifier.Verify(problem, "\\boxed{(8 - 4) * 7 - 1 - 2}").Status == VerdictStatus.Incorrect);
        Assert.True(Verifier.Verify(problem, "\\boxed{(8 - 4) * (7 - 1) + 1}").Status == VerdictStatus.Incorrect);
        Assert.True(Verifier.Verify(problem, "\\boxed{(8 - 1) * 4 - 7 + 4}").Status == VerdictStatus.Incorrect);
        Assert.True(Verifier.Verify(problem, "\\boxed{8 * 4 - 7 * 1}").IsCorrect);
    }

    [Fact]
    public void Problem_without_numbers_is_unsupported()
    {
        var verdict = Verifier.Verify(Puzzle(), "\\boxed{4*6}");
        Assert.Equal(VerdictStatus.Unsupported, verdict.Status);
    }

    [Fact]
    public void Output_without_an_expression_is_unparseable()
    {
        var verdict = Verifier.Verify(Puzzle(4, 7, 8, 1), "I could not find a solution.");
        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);
    }

    [Fact]
    public void Deep_nesting_is_rejected_not_overflowed()
    {
        var deep = new string('(', 10_000) + "24" + new string(')', 10_000);
        var verdict = ArithmeticPuzzle.Check(deep, [24], 24);
        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);

        var shallow = new string('(', ExpressionParser.MaxDepth) + "24" + new string(')', ExpressionParser.MaxDepth);
        Assert.True(ArithmeticPuzzle.Check(shallow, [24], 24).IsCorrect);
        var tooDeep = "(" + shallow + ")";
        Assert.Contains("nested deeper", ArithmeticPuzzle.Check(tooDeep, [24], 24).Reason);
    }
}
