using DataFactory.Core.Problems;
using DataFactory.Core.Steps;

namespace DataFactory.Core.Tests.Steps;

public sealed class StepCheckerRegistryTests
{
    [Theory]
    [InlineData(TaskKind.Math, "arith-1+column-1")]
    [InlineData(TaskKind.Exact, "arith-1")]
    [InlineData(TaskKind.MultipleChoice, "arith-1")]
    [InlineData(TaskKind.Game24, "arith-1+puzzle-1")]
    [InlineData(TaskKind.Countdown, "arith-1+puzzle-1")]
    [InlineData(TaskKind.Cipher, "arith-1+cipher-1")]
    [InlineData(TaskKind.Code, "")]
    public void Each_kind_gets_the_arithmetic_checker_and_its_own(TaskKind kind, string versions)
    {
        var problem = new Problem { Id = "p", Prompt = "p", Kind = kind, Numbers = [1, 2, 3, 4] };

        Assert.Equal(versions, StepCheckerRegistry.CreateDefault().Check(problem, "1+1=2").Version);
    }

    [Fact]
    public void The_version_of_a_kind_is_the_one_its_step_checks_record()
    {
        var registry = StepCheckerRegistry.CreateDefault();
        var problem = new Problem { Id = "c", Prompt = "Reach 10 with 4 6.", Kind = TaskKind.Countdown, Numbers = [4, 6], Target = 10 };

        var check = registry.Check(problem, "4 + 6 = 10");

        Assert.Equal(check.Version, registry.VersionOf(TaskKind.Countdown));
        Assert.Contains("+", registry.VersionOf(TaskKind.Countdown), StringComparison.Ordinal);
        Assert.Equal(string.Empty, registry.VersionOf(TaskKind.Code));
    }

    [Fact]
    public void The_earliest_false_claim_of_any_checker_is_reported_and_counts_add_up()
    {
        var problem = new Problem { Id = "g", Prompt = "p", Kind = TaskKind.Game24, Numbers = [10, 6, 7, 8] };

        // Real output: "42/10=4" (arithmetic) comes before the puzzle checker's finds.
        var check = StepCheckerRegistry.CreateDefault().Check(problem, "Try 7*6=42 (10 8 42), 42/10=4 (8 4), 8*4=32. No.\nTry 6+4=10 (7 10 10), 10-7=3 (10 3), 10*3=30. No.");

        Assert.Equal("42/10=4", check.FirstFalse!.Text);
        Assert.Equal(0, check.FirstFalse.Index);
        Assert.Equal(6 + 6 + 1, check.Checked);
    }

    [Fact]
    public void Code_runs_no_checker()
    {
        var problem = new Problem { Id = "c", Prompt = "p", Kind = TaskKind.Code, Tests = "assert f() == 2" };

        Assert.Same(StepCheck.None, StepCheckerRegistry.CreateDefault().Check(problem, "# 10/4 = 2 in Python 2\nprint(10 // 4)"));
    }
}
