using DataFactory.Core.Verification;
using DataFactory.Core.Verification.MathAnswers;

namespace DataFactory.Core.Tests.Verification;

public sealed class RepeatingDecimalAndIrrationalGoldTests
{
    private static readonly MathVerifier Verifier = new();

    [Theory]
    [InlineData(@"\frac{1}{3}", @"\boxed{0.\overline{3}}")]
    [InlineData(@"\frac{1}{3}", @"\boxed{0.\bar{3}}")]
    [InlineData(@"\frac{1}{3}", "The answer is 0.(3)")]
    [InlineData(@"\frac{1}{3}", @"\boxed{0.\dot{3}}")]
    [InlineData(@"\frac{1}{6}", @"\boxed{0.1\overline{6}}")]
    [InlineData(@"\frac{1}{6}", "The answer is 0.1(6)")]
    [InlineData(@"\frac{4}{33}", @"\boxed{0.\dot{1}\dot{2}}")]
    [InlineData(@"\frac{1233}{9990}", @"\boxed{0.1\dot{2}3\dot{4}}")]
    [InlineData(@"\frac{4}{3}", @"\boxed{1.\overline{3}}")]
    [InlineData("1", @"\boxed{0.\overline{9}}")]
    public void Repeating_decimal_notation_is_the_rational_it_denotes(string gold, string candidate)
    {
        Assert.Equal(VerdictStatus.Correct, Verifier.Check(gold, candidate).Status);
    }

    [Theory]
    [InlineData(@"\frac{1}{3}", @"\boxed{0.\overline{4}}")]
    [InlineData(@"\frac{1}{6}", @"\boxed{0.\overline{16}}")]
    [InlineData(@"\frac{1}{3}", "The answer is 0.3")]
    public void A_different_repeating_decimal_is_incorrect(string gold, string candidate)
    {
        Assert.Equal(VerdictStatus.Incorrect, Verifier.Check(gold, candidate).Status);
    }

    [Theory]
    [InlineData(@"\sqrt{2}", "1.41421356")]
    [InlineData(@"\pi", "3.14159265")]
    [InlineData(@"2\pi", "6.283185307")]
    [InlineData(@"\frac{\sqrt{3}}{3}", "0.5773502692")]
    public void A_decimal_approximation_does_not_match_an_irrational_gold_by_default(string gold, string candidate)
    {
        Assert.Equal(VerdictStatus.Incorrect, Verifier.Check(gold, candidate).Status);
        Assert.Equal(VerdictStatus.Correct, new MathVerifier(new MathVerifierOptions { DecimalMatchesIrrational = true }).Check(gold, candidate).Status);
    }

    [Theory]
    [InlineData(@"\sin(\pi/6)", "0.5")]
    [InlineData("4.123105625617661", @"\sqrt{17}")]
    [InlineData(@"\frac{\sqrt{2}}{2}", @"\frac{1}{\sqrt{2}}")]
    public void Exact_equalities_and_decimal_golds_still_match(string gold, string candidate)
    {
        Assert.Equal(VerdictStatus.Correct, Verifier.Check(gold, candidate).Status);
    }
}
