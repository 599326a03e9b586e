using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Partial;

namespace DataFactory.Core.Tests.Steps;

public sealed class PartialStepCheckTests
{
    private static readonly StepCheckerRegistry Checkers = StepCheckerRegistry.CreateDefault();

    private static readonly Problem Game = new()
    {
        Id = "g", Prompt = "Use the numbers 3 6 6 13 to make 24.", Kind = TaskKind.Game24, Numbers = [3, 6, 6, 13], Target = 24,
    };

    [Fact]
    public void A_step_cut_mid_claim_is_not_judged_though_the_whole_text_reads_as_false()
    {
        const string Partial = "Try 13-6=7 (3 6 7), 7*3=21 (6 21), 21+6=27. No.\nTry 6*6=3";

        Assert.True(Checkers.Check(Game, Partial).IsFlawed, "checked whole, the cut claim 6*6=3 is false");
        var check = PartialStepCheck.Check(Checkers, Game, Partial);
        Assert.False(check.IsFlawed);
        Assert.True(check.Checked > 0);
        Assert.True(PartialStepCheck.Holds(Checkers, Game, Partial));
    }

    [Fact]
    public void A_false_move_in_a_complete_step_is_found_with_its_line()
    {
        const string Partial = "Try 13-6=7 (3 6 7), 7*3=21 (6 21), 21+6=27. No.\nTry 13*6=78 (6 3 78), 7+3=10 (68 10), 68-10=58. No.\n";

        var check = PartialStepCheck.Check(Checkers, Game, Partial);

        Assert.Equal(1, check.FirstFalse?.Index);
        Assert.False(PartialStepCheck.Holds(Checkers, Game, Partial));
    }

    [Fact]
    public void A_false_verdict_is_found_before_the_final_answer_is_written()
    {
        Assert.False(PartialStepCheck.Holds(Checkers, Game, "Try 6+3=9 (6 13 9), 13+9=22 (6 22), 22+6=28. Yes.\n"));
        Assert.True(PartialStepCheck.Holds(Checkers, Game, "Try 6+3=9 (13 6 9), 13-9=4 (6 4), 6*4=24. Yes.\n"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Try 13-6")]
    [InlineData("\n\n\n")]
    [InlineData("Try ((((((((\n")]
    public void Text_without_a_complete_judgeable_step_holds(string partial) =>
        Assert.True(PartialStepCheck.Holds(Checkers, Game, partial));

    [Fact]
    public void An_oversized_partial_trace_is_not_judged()
    {
        var huge = string.Concat(Enumerable.Repeat("Try 13*6=77 (3 6 77), 77+3=80 (6 80), 80-6=74. No.\n", 2000));

        Assert.True(huge.Length > PartialStepCheck.MaxLength);
        Assert.Same(StepCheck.None, PartialStepCheck.Check(Checkers, Game, huge));
    }
}
