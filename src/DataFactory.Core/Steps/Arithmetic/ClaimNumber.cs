using System.Numerics;
using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Steps.Arithmetic;

/// <summary>
/// An exact rational for claim evaluation: a reduced fraction of two 64-bit integers while the values
/// stay small (nearly every claim a model writes), a <see cref="Rational"/> past that. The fast path
/// avoids BigInteger and its allocations on the hot path of step checking.
/// </summary>
internal readonly struct ClaimNumber : IEquatable<ClaimNumber>
{
    private readonly long _numerator;
    private readonly long _denominator;
    private readonly Rational _big;
    private readonly bool _isBig;

    private ClaimNumber(long numerator, long denominator)
    {
        _numerator = numerator;
        _denominator = denominator;
        _big = default;
        _isBig = false;
    }

    private ClaimNumber(Rational big)
    {
        _numerator = 0;
        _denominator = 1;
        _big = big;
        _isBig = true;
    }

    public static ClaimNumber Zero => new(0, 1);

    public int Sign => _isBig ? _big.Sign : Math.Sign(_numerator);

    public bool IsInteger => _isBig ? _big.IsInteger : _denominator == 1;

    /// <summary>Bits of the larger of numerator and denominator.</summary>
    public long Bits => _isBig
        ? Math.Max(_big.Numerator.GetBitLength(), _big.Denominator.GetBitLength())
        : 64 - Math.Min(BitOperations.LeadingZeroCount((ulong)Math.Abs(_numerator == long.MinValue ? long.MaxValue : _numerator)), BitOperations.LeadingZeroCount((ulong)_denominator));

    public static ClaimNumber FromInteger(long value) => new(value, 1);

    public static ClaimNumber FromRational(Rational value) =>
        value.Numerator >= long.MinValue + 1 && value.Numerator <= long.MaxValue && value.Denominator <= long.MaxValue
            ? new((long)value.Numerator, (long)value.Denominator)
            : new(value);

    public Rational ToRational() => _isBig ? _big : new Rational(_numerator, _denominator);

    public static ClaimNumber operator +(ClaimNumber a, ClaimNumber b) =>
        a._isBig || b._isBig
            ? FromRational(a.ToRational() + b.ToRational())
            : Make(((Int128)a._numerator * b._denominator) + ((Int128)b._numerator * a._denominator), (Int128)a._denominator * b._denominator);

    public static ClaimNumber operator -(ClaimNumber a, ClaimNumber b) =>
        a._isBig || b._isBig
            ? FromRational(a.ToRational() - b.ToRational())
            : Make(((Int128)a._numerator * b._denominator) - ((Int128)b._numerator * a._denominator), (Int128)a._denominator * b._denominator);

    public static ClaimNumber operator -(ClaimNumber a) => a._isBig ? FromRational(-a._big) : Make(-(Int128)a._numerator, a._denominator);

    public static ClaimNumber operator *(ClaimNumber a, ClaimNumber b) =>
        a._isBig || b._isBig
            ? FromRational(a.ToRational() * b.ToRational())
            : Make((Int128)a._numerator * b._numerator, (Int128)a._denominator * b._denominator);

    /// <summary>Division; the caller rules out a zero divisor.</summary>
    public static ClaimNumber operator /(ClaimNumber a, ClaimNumber b) =>
        a._isBig || b._isBig
            ? FromRational(a.ToRational() / b.ToRational())
            : Make((Int128)a._numerator * b._denominator, (Int128)a._denominator * b._numerator);

    public static bool operator ==(ClaimNumber a, ClaimNumber b) => a.Equals(b);

    public static bool operator !=(ClaimNumber a, ClaimNumber b) => !a.Equals(b);

    public ClaimNumber Pow(int exponent) => FromRational(ToRational().Pow(exponent));

    public bool Equals(ClaimNumber other) =>
        !_isBig && !other._isBig
            ? _numerator == other._numerator && _denominator == other._denominator
            : ToRational() == other.ToRational();

    public override bool Equals(object? obj) => obj is ClaimNumber other && Equals(other);

    public override int GetHashCode() => ToRational().GetHashCode();

    private static ClaimNumber Make(Int128 numerator, Int128 denominator)
    {
        if (denominator < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        if (denominator != 1)
        {
            var gcd = Gcd(Int128.Abs(numerator), denominator);
            if (gcd > 1)
            {
                numerator /= gcd;
                denominator /= gcd;
            }
        }

        if (numerator == 0)
        {
            return Zero;
        }

        return numerator > long.MinValue && numerator <= long.MaxValue && denominator <= long.MaxValue
            ? new((long)numerator, (long)denominator)
            : new(new Rational((BigInteger)numerator, (BigInteger)denominator));
    }

    private static Int128 Gcd(Int128 a, Int128 b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
