using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification;

namespace DataFactory.Core.Tests.Extraction;

/// <summary>Puzzle answers written the way models write them reach the puzzle parser whole.</summary>
public sealed class PuzzleAnswerExtractionTests
{
    private static readonly VerifierRegistry Registry = VerifierRegistry.CreateDefault();

    private static Problem Game24(params long[] numbers) => new()
    {
        Id = "g",
        Prompt = "Make 24.",
        Kind = TaskKind.Game24,
        Numbers = numbers,
        Target = 24,
    };

    private static Problem Countdown952() => new()
    {
        Id = "c",
        Prompt = "Reach 952.",
        Kind = TaskKind.Countdown,
        Numbers = [25, 50, 75, 100, 3, 6],
        Target = 952,
    };

    [Theory]
    [InlineData("Answer: 4.0 * 6 * 1 * 1 = 24", "4.0 * 6 * 1 * 1", new long[] { 4, 6, 1, 1 })]
    [InlineData("Answer: (8 − 4) × (7 – 1)", "(8 - 4) * (7 - 1)", new long[] { 4, 7, 8, 1 })]
    [InlineData("Answer: (8 - 4) ⋅ (7 - 1)", "(8 - 4) * (7 - 1)", new long[] { 4, 7, 8, 1 })]
    [InlineData("Answer: [8 - 4] * [7 - 1]", "[8 - 4] * [7 - 1]", new long[] { 4, 7, 8, 1 })]
    [InlineData("Answer: (8 - 4) x (7 - 1)", "(8 - 4) * (7 - 1)", new long[] { 4, 7, 8, 1 })]
    [InlineData(@"\boxed{\frac{8}{3 - \frac{8}{3}}}", @"\frac{8}{3 - \frac{8}{3}}", new long[] { 3, 3, 8, 8 })]
    [InlineData(@"\boxed{\dfrac{8}{3 - \dfrac{8}{3}}}", @"\frac{8}{3 - \frac{8}{3}}", new long[] { 3, 3, 8, 8 })]
    [InlineData("Final answer: $(8 - 4) \\cdot (7 - 1) = 24$.", "(8 - 4) * (7 - 1)", new long[] { 4, 7, 8, 1 })]
    [InlineData("The answer is `(8 - 4) * (7 - 1)`.", "(8 - 4) * (7 - 1)", new long[] { 4, 7, 8, 1 })]
    [InlineData("#### 24 = (8 ∗ 3) ∕ (1 ÷ 1)", "(8 * 3) / (1 / 1)", new long[] { 8, 3, 1, 1 })]
    [InlineData("Answer: 8 X 3 X 1 X 1", "8 * 3 * 1 * 1", new long[] { 8, 3, 1, 1 })]
    public void Accepts_a_correct_answer_after_a_marker_whole(string text, string extracted, long[] numbers)
    {
        var verdict = Registry.Verify(Game24(numbers), text);
        Assert.True(verdict.IsCorrect, verdict.Reason);
        Assert.Equal(extracted, verdict.Extracted);
    }

    [Theory]
    [InlineData("Final answer: (8 - 4) ⋅ (7 - 1), which uses every number once.", "(8 - 4) * (7 - 1)")]
    [InlineData("The answer is we take [8 − 4] × [7 – 1] to get 24.", "[8 - 4] * [7 - 1]")]
    public void Finds_the_expression_within_prose_after_a_marker(string text, string extracted)
    {
        var verdict = Registry.Verify(Game24(4, 7, 8, 1), text);
        Assert.True(verdict.IsCorrect, verdict.Reason);
        Assert.Equal(extracted, verdict.Extracted);
    }

    [Theory]
    [InlineData("Let me check.\nSo 4.0 x 6 x 1 x 1 = 24.", "4.0 * 6 * 1 * 1", new long[] { 4, 6, 1, 1 })]
    [InlineData("Trying pairs first.\nThus [8 − 4] ⋅ [7 – 1] = 24 works.", "[8 - 4] * [7 - 1]", new long[] { 4, 7, 8, 1 })]
    [InlineData("We write it as $\\left(8 - 4\\right) \\times \\left(7 - 1\\right)$ and we are done.", "(8 - 4) * (7 - 1)", new long[] { 4, 7, 8, 1 })]
    [InlineData("It is $\\frac{8}{3 - \\frac{8}{3}} = 24$", @"\frac{8}{3 - \frac{8}{3}}", new long[] { 3, 3, 8, 8 })]
    public void Finds_the_last_expression_line_without_a_marker(string text, string extracted, long[] numbers)
    {
        var verdict = Registry.Verify(Game24(numbers), text);
        Assert.True(verdict.IsCorrect, verdict.Reason);
        Assert.Equal(extracted, verdict.Extracted);
    }

    [Fact]
    public void Accepts_a_countdown_answer_with_unicode_and_latex_operators()
    {
        var verdict = Registry.Verify(Countdown952(), @"The answer is $\frac{(100 + 6) \times 3 × 75 − 50}{25}$.");
        Assert.True(verdict.IsCorrect, verdict.Reason);
        Assert.Equal(@"\frac{(100 + 6) * 3 * 75 - 50}{25}", verdict.Extracted);
    }

    [Theory]
    [InlineData("Answer: 4^2 + 8", "unexpected '^'")]
    [InlineData("Answer: sqrt(16) * 6", "unexpected 's'")]
    [InlineData("Answer: 4! * 1", "unexpected '!'")]
    public void Leaves_what_is_not_arithmetic_to_the_parser_instead_of_cutting_it_down(string text, string reason)
    {
        var verdict = Registry.Verify(Game24(4, 7, 8, 1), text);
        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);
        Assert.Contains(reason, verdict.Reason);
    }

    [Theory]
    [InlineData("Answer: 4 x + 6 * 1 * 1")]
    [InlineData("Answer: (8 - 4) * (7 - 1) + x")]
    public void Does_not_read_a_variable_x_as_times(string text) =>
        Assert.False(Registry.Verify(Game24(4, 7, 8, 1), text).IsCorrect);

    [Fact]
    public void A_sentence_ending_after_the_expression_does_not_end_it_with_a_period() =>
        Assert.Equal("(8 - 4) * (7 - 1)", AnswerExtractor.Extract("So we have (8 - 4) * (7 - 1).", TaskKind.Game24));
}
