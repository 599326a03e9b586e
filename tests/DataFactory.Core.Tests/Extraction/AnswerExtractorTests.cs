using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Tests.Extraction;

public sealed class AnswerExtractorTests
{
    [Theory]
    [InlineData(@"so \boxed{3} then \boxed{\frac{1}{2}}.", @"\frac{1}{2}")]
    [InlineData(@"The result is $\fbox{42}$.", "42")]
    [InlineData("Some work.\nFinal answer: 17", "17")]
    [InlineData("Some work.\nThe final answer is 12,000,023. I hope it is correct.", "12,000,023")]
    [InlineData("Final Answer: The final answer is $\\frac{3}{4}$. I hope it is correct.", @"\frac{3}{4}")]
    [InlineData("**Final Answer**\n\n42", "42")]
    [InlineData("work\nThe answer is $26. I hope it is correct.", "26")]
    [InlineData("So the answer is 5.\nThe answer is 7.", "7")]
    [InlineData("Natalia sold 48/2 = 24 clips in May.\n#### 72", "72")]
    [InlineData("She makes 9 * 2 = $18 every day.\nA: 18", "18")]
    [InlineData("So 320,000 is it.\n\n# Answer\n\n320,000", "320,000")]
    public void Reads_explicit_markers(string text, string expected) =>
        Assert.Equal(expected, AnswerExtractor.Extract(text, TaskKind.Math));

    [Fact]
    public void A_final_answer_stated_after_a_box_wins() =>
        Assert.Equal("$10,455$".Trim('$'), AnswerExtractor.Extract(
            @"interest is $\boxed{255}$ so she has $10,455. Final Answer: The final answer is $10,455$. I hope it is correct.",
            TaskKind.Math));

    [Fact]
    public void A_box_beats_a_later_weak_answer_phrase() =>
        Assert.Equal("42", AnswerExtractor.Extract(@"\boxed{42}" + "\nThe answer is correct because it checks out.", TaskKind.Math));

    [Theory]
    [InlineData("The total is 3 + 4 = 7 apples", "7")]
    [InlineData("It costs -12.50 dollars", "-12.50")]
    [InlineData("So we get 1,000 in all", "1,000")]
    [InlineData("the probability is 2/3. <|im_start|>user", "2/3")]
    [InlineData("The ordered pair is $(7, 6)$. Done", "(7, 6)")]
    [InlineData("We get $\\frac{3}{56}$", @"\frac{3}{56}")]
    [InlineData("a rise of 50% overall", "50%")]
    public void Falls_back_to_the_last_number_for_math(string text, string expected) =>
        Assert.Equal(expected, AnswerExtractor.Extract(text, TaskKind.Math));

    [Theory]
    [InlineData("Let me try.\n(8 / (3 - 8/3)) = 24", "(8 / (3 - 8/3))")]
    [InlineData("First 4 + 4 = 8.\nSo the solution is (3+3)*(8-4).", "(3+3)*(8-4)")]
    [InlineData(@"\boxed{(1 + 2 + 3) \times 4 = 24}", "(1 + 2 + 3) * 4")]
    [InlineData("Answer: 24 = 6 * (5 - 1)", "6 * (5 - 1)")]
    public void Finds_the_puzzle_expression(string text, string expected)
    {
        Assert.Equal(expected, AnswerExtractor.Extract(text, TaskKind.Game24));
        Assert.Equal(expected, AnswerExtractor.Extract(text, TaskKind.Countdown));
    }

    [Theory]
    [InlineData("The answer is A.", "A")]
    [InlineData("Final answer is B", "B")]
    [InlineData("A. Because B is not valid", "A")]
    [InlineData("Because B is valid", "B")]
    [InlineData("I think the right option is (C) here", "C")]
    [InlineData("Looking at the options...\nD) 42 is right", "D")]
    [InlineData("answer: J", "J")]
    [InlineData("Options were A: 1 and B: 2.\nAnswer: (B) 2", "B")]
    public void Finds_a_choice_letter(string text, string expected) =>
        Assert.Equal(expected, AnswerExtractor.Extract(text, TaskKind.MultipleChoice));

    [Theory]
    [InlineData("No valid answer here")]
    [InlineData("I think a careful reading helps.")]
    public void Finds_no_choice_letter_in_prose(string text) =>
        Assert.Null(AnswerExtractor.Extract(text, TaskKind.MultipleChoice));

    [Theory]
    [InlineData(TaskKind.Exact, "thinking...\nHELLO WORLD\n\n", "HELLO WORLD")]
    [InlineData(TaskKind.Cipher, "decoding step by step\nattack at dawn", "attack at dawn")]
    [InlineData(TaskKind.Exact, "work\nThe answer is Paris.", "Paris")]
    public void Uses_the_last_line_for_free_text(TaskKind kind, string text, string expected) =>
        Assert.Equal(expected, AnswerExtractor.Extract(text, kind));

    [Fact]
    public void Takes_the_last_code_block_for_code() =>
        Assert.Equal("print(2)", AnswerExtractor.Extract("x\n```python\nprint(1)\n```\nthen\n```python\nprint(2)\n```\n", TaskKind.Code));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n  ")]
    public void Returns_null_for_empty_text(string? text)
    {
        foreach (var kind in TaskKinds.All)
        {
            Assert.Null(AnswerExtractor.Extract(text, kind));
        }
    }

    [Fact]
    public void Returns_null_for_math_without_any_number() =>
        Assert.Null(AnswerExtractor.Extract("I could not solve it.", TaskKind.Math));

    public static TheoryData<string> Hostile => new()
    {
        new string('{', 10_000) + @"\boxed{" + new string('{', 10_000),
        string.Concat(Enumerable.Repeat(@"\boxed{", 100_000)),
        new string('9', 1_000_000),
        string.Concat(Enumerable.Repeat("The answer is ", 70_000)),
        string.Concat(Enumerable.Repeat("Final answer:\n", 70_000)),
        string.Concat(Enumerable.Repeat("$1$2", 250_000)),
        string.Concat(Enumerable.Repeat("(1+", 300_000)),
        string.Concat(Enumerable.Repeat("A: \n#### \n", 100_000)),
        string.Concat(Enumerable.Repeat(@"\(1", 300_000)),
        new string('\n', 1_000_000),
        "$$$$$$$$$$$$$$\\(\\)\\[\\]**** ((((( )))) ####",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Handles_hostile_input_for_every_kind(string text)
    {
        foreach (var kind in TaskKinds.All)
        {
            var answer = AnswerExtractor.Extract(text, kind);
            Assert.True(answer is null || answer.Length <= text.Length);
        }
    }
}
