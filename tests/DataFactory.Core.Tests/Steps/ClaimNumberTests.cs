using System.Numerics;
using DataFactory.Core.Problems;
using DataFactory.Core.Steps.Arithmetic;
using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Tests.Steps;

public sealed class ClaimNumberTests
{
    [Fact]
    public void Small_fractions_reduce_to_lowest_terms()
    {
        var value = ClaimNumber.FromInteger(6) / ClaimNumber.FromInteger(-4);

        Assert.Equal(new Rational(-3, 2), value.ToRational());
        Assert.Equal(ClaimNumber.FromInteger(-3) / ClaimNumber.FromInteger(2), value);
        Assert.Equal(ClaimNumber.Zero, ClaimNumber.FromInteger(0) / ClaimNumber.FromInteger(7));
    }

    [Fact]
    public void Values_past_64_bits_stay_exact_and_equal_their_small_forms()
    {
        var max = ClaimNumber.FromInteger(long.MaxValue);
        var past = max + ClaimNumber.FromInteger(1);

        Assert.Equal((BigInteger)long.MaxValue + 1, past.ToRational().Numerator);
        Assert.Equal(64, past.Bits);
        Assert.Equal(max, past - ClaimNumber.FromInteger(1));
        Assert.Equal(new Rational((BigInteger)long.MaxValue * 3, 2), ((max * ClaimNumber.FromInteger(3)) / ClaimNumber.FromInteger(2)).ToRational());
        Assert.Equal(ClaimNumber.FromInteger(1), past / past);
    }

    [Fact]
    public void Every_false_claim_counts_and_the_earliest_is_the_first_false_step()
    {
        var problem = new Problem { Id = "m", Prompt = "Calculate 2 + 2.", Kind = TaskKind.Math, Answer = "4" };

        var check = new ArithmeticClaimChecker().Check(problem, "2+2=5\n3+3=7\n1+1=2\n4+4=9");

        Assert.Equal(4, check.Checked);
        Assert.Equal("2+2=5", check.FirstFalse!.Text);
        Assert.Equal("2+2 is 4, not 5", check.FirstFalse.Reason);
    }
}
