using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Puzzles;

namespace DataFactory.Core.Tests.Steps;

public sealed class PuzzleStepCheckerTests
{
    private static readonly Problem Game24 = new() { Id = "g", Prompt = "p", Kind = TaskKind.Game24, Numbers = [10, 6, 7, 8] };

    private static StepCheck Check(Problem problem, string text) => new PuzzleStepChecker().Check(problem, text);

    [Fact]
    public void A_real_trace_whose_moves_are_all_legal_passes()
    {
        var check = Check(Game24, "Try 10-7=3 (8 6 3), 6-3=3 (8 3), 8*3=24. Yes.\nFinal answer: 8*(6-(10-7))");

        // Three moves, two lists, one verdict.
        Assert.Equal(6, check.Checked);
        Assert.False(check.IsFlawed);
    }

    [Fact]
    public void Only_a_yes_that_holds_counts_as_reaching_the_target()
    {
        var reached = Check(Game24, "Try 8-7=1 (10 6 1), 10+1=11 (6 11), 11+6=17. No.\nTry 10-7=3 (8 6 3), 6-3=3 (8 3), 8*3=24. Yes.\n");
        var claimed = Check(Game24, "Try 8-7=1 (10 6 1), 10+1=11 (6 11), 11+6=17. Yes.\n");
        var declined = Check(Game24, "Try 10-7=3 (8 6 3), 6-3=3 (8 3), 8*3=24. No.\n");

        Assert.Equal((1, false), (reached.Reached, reached.IsFlawed));
        Assert.Equal((0, true), (claimed.Reached, claimed.IsFlawed));
        Assert.Equal((0, true), (declined.Reached, declined.IsFlawed));
    }

    [Fact]
    public void An_operand_that_is_not_left_is_false()
    {
        // Real output: the numbers are 10 6 7 8, and "6+4=10" uses a 4 that does not exist.
        var check = Check(Game24, "Try 8-7=1 (10 6 1), 10+1=11 (6 11), 11+6=17. No.\nTry 6+4=10 (7 10 10), 10-7=3 (10 3), 10*3=30. No.\nTry 8-6=2 (7 10 2), 7*2=14 (10 14), 14+10=24. Yes.\nFinal answer: (7*(8-6))+10");

        Assert.Equal(1, check.FirstFalse!.Index);
        Assert.Equal("6+4=10", check.FirstFalse.Text);
        Assert.Equal("uses 4, which is not among the numbers left (10 6 7 8)", check.FirstFalse.Reason);
    }

    [Fact]
    public void A_number_used_twice_is_false()
    {
        var problem = Game24 with { Numbers = [1, 8, 2, 13] };

        var check = Check(problem, "Try 13-13=0 (8 2 0), 8+2=10 (0 10), 10+0=10. No.");

        Assert.Equal("uses 13 twice, but the numbers left are 1 8 2 13", check.FirstFalse!.Reason);
    }

    [Fact]
    public void A_printed_list_that_is_not_the_real_remainder_is_false()
    {
        // Real output on 9 1 5 11: after 1+9=10 the numbers left are 5 11 10.
        var problem = Game24 with { Numbers = [9, 1, 5, 11] };

        var check = Check(problem, "Try 1+9=10 (1 5 10), 10/5=2 (1 2), 2+1=3. No.");

        Assert.Equal("(1 5 10)", check.FirstFalse!.Text);
        Assert.Equal("the numbers left after 1+9=10 are 5 11 10, not 1 5 10", check.FirstFalse.Reason);
    }

    [Fact]
    public void No_after_reaching_the_target_is_false()
    {
        // Real countdown output: 4 2 8 to make 64.
        var problem = new Problem { Id = "c", Prompt = "p", Kind = TaskKind.Countdown, Numbers = [4, 2, 8], Target = 64 };

        var check = Check(problem, "Try 4*2=8 (8 8), 8*8=64. No.\nTry 4*2=8 (8 8), 8*8=64. Yes.\nFinal answer: 8*(4*2)");

        Assert.Equal(0, check.FirstFalse!.Index);
        Assert.Equal("No", check.FirstFalse.Text);
        Assert.Equal("says no, but the try reached the target 64 with every number used", check.FirstFalse.Reason);
    }

    [Fact]
    public void Yes_short_of_the_target_is_false()
    {
        var check = Check(Game24, "Try 10+8=18 (7 6 18), 18+6=24 (7 24), 24+7=31. Yes.");

        Assert.Equal("says yes, but the try reached 31, not 24", check.FirstFalse!.Reason);
    }

    [Fact]
    public void Each_try_starts_again_from_the_given_numbers()
    {
        var check = Check(Game24, "Try 10-6=4 (8 7 4), 4+7=11 (8 11), 11+8=19. No.\nTry 10-6=4 (7 8 4), 7-4=3 (8 3), 8*3=24. Yes.");

        Assert.False(check.IsFlawed);
        Assert.Equal(12, check.Checked);
    }

    [Theory]
    [InlineData("Try banana.")]
    [InlineData("Try 10-7=3 (8 6 3), 6-3=3 (8 3")]
    [InlineData("Try 99999999999999999999-1=2. No.")]
    [InlineData("Try (((((((((")]
    public void Unreadable_tries_are_skipped(string text)
    {
        var check = Check(Game24, text);

        Assert.False(check.IsFlawed);
        Assert.Equal(1, check.Skipped);
    }
}
