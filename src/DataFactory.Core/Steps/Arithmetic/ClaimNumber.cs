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
    // A big value lives on the heap, so that the common small value is three words: the evaluator passes these by value.
    private readonly Big? _big;

    private ClaimNumber(long numerator, long denominator)
    {
        _numerator = numerator;
        _denominator = denominator;
        _big = null;
    }

    private ClaimNumber(Rational big)
    {
        _numerator = 0;
        _denominator = 1;
        _big = new Big(big);
    }

    private bool IsBig => _big is not null;

    public static ClaimNumber Zero => new(0, 1);

    public int Sign => IsBig ? _big!.Value.Sign : Math.Sign(_numerator);

    public bool IsInteger => IsBig ? _big!.Value.IsInteger : _denominator == 1;

    /// <summary>Bits of the larger of numerator and denominator.</summary>
    public long Bits => IsBig
        ? Math.Max(_big!.Value.Numerator.GetBitLength(), _big.Value.Denominator.GetBitLength())
        : 64 - Math.Min(BitOperations.LeadingZeroCount((ulong)Math.Abs(_numerator == long.MinValue ? long.MaxValue : _numerator)), BitOperations.LeadingZeroCount((ulong)_denominator));

    public static ClaimNumber FromInteger(long value) => new(value, 1);

    public static ClaimNumber FromRational(Rational value) =>
        value.Numerator >= long.MinValue + 1 && value.Numerator <= long.MaxValue && value.Denominator <= long.MaxValue
            ? new((long)value.Numerator, (long)value.Denominator)
            : new(value);

    public Rational ToRational() => IsBig ? _big!.Value : new Rational(_numerator, _denominator);

    public static ClaimNumber operator +(ClaimNumber a, ClaimNumber b) =>
        a.IsBig || b.IsBig
            ? FromRational(a.ToRational() + b.ToRational())
            : Make(((Int128)a._numerator * b._denominator) + ((Int128)b._numerator * a._denominator), (Int128)a._denominator * b._denominator);

    public static ClaimNumber operator -(ClaimNumber a, ClaimNumber b) =>
        a.IsBig || b.IsBig
            ? FromRational(a.ToRational() - b.ToRational())
            : Make(((Int128)a._numerator * b._denominator) - ((Int128)b._numerator * a._denominator), (Int128)a._denominator * b._denominator);

    public static ClaimNumber operator -(ClaimNumber a) => a.IsBig ? FromRational(-a._big!.Value) : Make(-(Int128)a._numerator, a._denominator);

    public static ClaimNumber operator *(ClaimNumber a, ClaimNumber b) =>
        a.IsBig || b.IsBig
            ? FromRational(a.ToRational() * b.ToRational())
            : Make((Int128)a._numerator * b._numerator, (Int128)a._denominator * b._denominator);

    /// <summary>Division; the caller rules out a zero divisor.</summary>
    public static ClaimNumber operator /(ClaimNumber a, ClaimNumber b) =>
        a.IsBig || b.IsBig
            ? FromRational(a.ToRational() / b.ToRational())
            : Make((Int128)a._numerator * b._denominator, (Int128)a._denominator * b._numerator);

    public static bool operator ==(ClaimNumber a, ClaimNumber b) => a.Equals(b);

    public static bool operator !=(ClaimNumber a, ClaimNumber b) => !a.Equals(b);

    public ClaimNumber Pow(int exponent) => FromRational(ToRational().Pow(exponent));

    public bool Equals(ClaimNumber other) =>
        !IsBig && !other.IsBig
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

        if (denominator != 1 && numerator >= long.MinValue + 1 && numerator <= long.MaxValue && denominator <= long.MaxValue)
        {
            // Both fit in 64 bits (nearly always): 64-bit division is many times faster than 128-bit.
            var small = Gcd((ulong)Math.Abs((long)numerator), (ulong)denominator);
            if (small > 1)
            {
                numerator /= (long)small;
                denominator /= (long)small;
            }
        }
        else if (denominator != 1)
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

    private static T Gcd<T>(T a, T b)
        where T : IBinaryInteger<T>
    {
        while (b != T.Zero)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private sealed class Big(Rational value)
    {
        public Rational Value { get; } = value;
    }
}
