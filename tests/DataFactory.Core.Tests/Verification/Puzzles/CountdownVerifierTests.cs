using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Core.Verification.Puzzles;

namespace DataFactory.Core.Tests.Verification.Puzzles;

public sealed class CountdownVerifierTests
{
    private static readonly CountdownVerifier Verifier = new();

    private static Problem Puzzle(long? target, params long[] numbers) => new()
    {
        Id = "c",
        Prompt = "Reach the target.",
        Kind = TaskKind.Countdown,
        Numbers = numbers,
        Target = target,
    };

    [Fact]
    public void Accepts_an_expression_reaching_the_target()
    {
        var verdict = Verifier.Verify(Puzzle(952, 25, 50, 75, 100, 3, 6), "<answer>(100 + 6) * 3 * 75 / 25 + 50 / 25 * ...</answer>\nFinal answer: ((100 + 6) * 3 * 75 - 50) / 25");
        Assert.True(verdict.IsCorrect, verdict.Reason);
    }

    [Fact]
    public void Accepts_large_intermediate_values_exactly()
    {
        var verdict = Verifier.Verify(Puzzle(1, 99, 98, 97, 96), "\\boxed{(99 * 98 * 97) / (99 * 98 * 97) + 0 * 96}");
        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Contains("uses 99 twice", verdict.Reason);
    }

    [Fact]
    public void Rejects_an_expression_missing_the_target()
    {
        var verdict = Verifier.Verify(Puzzle(100, 19, 36, 55, 7), "The answer is 55 + 36 + 7 + 19");
        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Equal("evaluates to 117, not 100", verdict.Reason);
    }

    [Fact]
    public void Accepts_the_same_numbers_in_another_order()
    {
        var verdict = Verifier.Verify(Puzzle(98, 44, 19, 35), "\\boxed{44 + 19 + 35}");
        Assert.True(verdict.IsCorrect, verdict.Reason);
    }

    [Fact]
    public void Rejects_extra_numbers()
    {
        var verdict = Verifier.Verify(Puzzle(98, 44, 19, 35), "\\boxed{44 + 19 + 35 + 0}");
        Assert.Contains("uses 0, which is not one of the numbers", verdict.Reason);
    }

    [Fact]
    public void Problem_without_target_is_unsupported()
    {
        Assert.Equal(VerdictStatus.Unsupported, Verifier.Verify(Puzzle(null, 1, 2), "\\boxed{1+2}").Status);
    }
}
