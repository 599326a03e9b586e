using DataFactory.Core.Problems;
using DataFactory.Core.Steps.Splitting;

namespace DataFactory.Core.Tests.Steps;

public sealed class StepSplitterTests
{
    [Theory]
    [InlineData(TaskKind.Game24)]
    [InlineData(TaskKind.Countdown)]
    [InlineData(TaskKind.Cipher)]
    public void A_puzzle_step_is_a_line_ending_with_its_newline(TaskKind kind)
    {
        var response = "Try 8-6=2 (3 5 2), 5-3=2 (2 2). No.\nTry 8*3=24 (24 5 6). No.\nFinal answer: (8-5)*(6+3)-3";

        var steps = StepSplitter.Split(kind, response);

        Assert.Equal(["Try 8-6=2 (3 5 2), 5-3=2 (2 2). No.\n", "Try 8*3=24 (24 5 6). No.\n", "Final answer: (8-5)*(6+3)-3"], steps);
    }

    [Fact]
    public void An_arithmetic_chain_without_blank_lines_is_cut_into_lines()
    {
        var steps = StepSplitter.Split(TaskKind.Math, "12 + 30 = 42\n42 * 2 = 84\nFinal answer: 84\n");

        Assert.Equal(["12 + 30 = 42\n", "42 * 2 = 84\n", "Final answer: 84\n"], steps);
    }

    [Fact]
    public void A_math_solution_with_blank_lines_is_cut_into_paragraphs_that_keep_their_blank_lines()
    {
        var response = "First we expand:\n(x+1)^2 = x^2+2x+1.\n\nThen we set x = 2:\n9.\n\n\nSo the answer is \\boxed{9}.";

        var steps = StepSplitter.Split(TaskKind.Math, response);

        Assert.Equal(["First we expand:\n(x+1)^2 = x^2+2x+1.\n\n", "Then we set x = 2:\n9.\n\n\n", "So the answer is \\boxed{9}."], steps);
    }

    [Fact]
    public void Blank_lines_join_the_line_before_them_so_no_step_is_blank()
    {
        var steps = StepSplitter.Split(TaskKind.Game24, "\nTry 1+1=2.\n\n  \nTry 2*2=4.\n\n");

        Assert.Equal(["\nTry 1+1=2.\n\n  \n", "Try 2*2=4.\n\n"], steps);
    }

    [Fact]
    public void A_delimiter_cuts_after_each_occurrence_whatever_the_kind()
    {
        var steps = StepSplitter.Split(TaskKind.Math, "a = 1; b = 2;; c = a + b;\nd", delimiter: ";");

        Assert.Equal(["a = 1;", " b = 2;;", " c = a + b;", "\nd"], steps);
    }

    [Fact]
    public void An_empty_response_has_no_steps_and_a_blank_one_is_one_step()
    {
        Assert.Empty(StepSplitter.Split(TaskKind.Math, string.Empty));
        Assert.Equal(["\n\n"], StepSplitter.Split(TaskKind.Game24, "\n\n"));
    }

    [Theory]
    [InlineData(TaskKind.Math, null)]
    [InlineData(TaskKind.Game24, null)]
    [InlineData(TaskKind.Code, null)]
    [InlineData(TaskKind.Math, "\n\n")]
    [InlineData(TaskKind.Cipher, "Step")]
    public void Joining_the_steps_gives_back_the_response_exactly(TaskKind kind, string? delimiter)
    {
        var random = new Random(17);
        string[] pieces = ["Try 8-6=2", "\n", "\n\n", " ", "\r\n", "x = 3", "Step 2:", "\t", "\\frac{1}{2}", "\n \n"];
        for (var trial = 0; trial < 500; trial++)
        {
            var response = string.Concat(Enumerable.Range(0, random.Next(0, 14)).Select(_ => pieces[random.Next(pieces.Length)]));

            var steps = StepSplitter.Split(kind, response, delimiter);

            Assert.Equal(response, string.Concat(steps));
            if (steps.Count > 1)
            {
                Assert.All(steps, s => Assert.False(string.IsNullOrWhiteSpace(s), $"a blank step in {response}"));
            }
        }
    }

    [Fact]
    public void Finds_the_step_that_holds_a_character_offset()
    {
        var steps = StepSplitter.Split(TaskKind.Countdown, "ab\ncd\nef");

        Assert.Equal([0, 0, 0, 1, 2, 2, -1, -1], new[] { 0, 1, 2, 3, 6, 7, 8, -1 }.Select(o => StepSplitter.StepAt(steps, o)));
    }
}
