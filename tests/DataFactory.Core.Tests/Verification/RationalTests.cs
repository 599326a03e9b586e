using System.Numerics;
using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Tests.Verification;

public sealed class RationalTests
{
    [Fact]
    public void Reduces_to_lowest_terms_with_positive_denominator()
    {
        var r = new Rational(6, -8);
        Assert.Equal(new BigInteger(-3), r.Numerator);
        Assert.Equal(new BigInteger(4), r.Denominator);
        Assert.Equal("-3/4", r.ToString());
    }

    [Fact]
    public void Default_value_is_zero()
    {
        Assert.Equal(Rational.Zero, default);
        Assert.Equal(BigInteger.One, default(Rational).Denominator);
    }

    [Fact]
    public void Arithmetic_is_exact()
    {
        var third = new Rational(1, 3);
        Assert.Equal(Rational.One, third + third + third);
        Assert.Equal(new Rational(8, 3), (Rational.FromInteger(8) / Rational.FromInteger(3)));
        Assert.Equal(new Rational(1, 8), new Rational(2, 1).Pow(-3));
        Assert.Throws<DivideByZeroException>(() => Rational.One / Rational.Zero);
    }

    [Theory]
    [InlineData("3.0", "3")]
    [InlineData("-0", "0")]
    [InlineData(".5", "1/2")]
    [InlineData("-12.250", "-49/4")]
    public void Parses_plain_decimals(string text, string expected)
    {
        Assert.True(Rational.TryParseDecimal(text, out var value));
        Assert.Equal(expected, value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("1e5")]
    [InlineData("1,000")]
    [InlineData("--1")]
    public void Rejects_what_is_not_a_plain_decimal(string text) => Assert.False(Rational.TryParseDecimal(text, out _));

    [Fact]
    public void Compares_by_value() => Assert.True(new Rational(1, 3) < new Rational(34, 100));
}
