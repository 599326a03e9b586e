using System.Numerics;
using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Compares two scalar expressions. Without variables: exactly when both are rational (a decimal may
/// stand for a rational only when that rational has no finite decimal expansion, e.g. 0.0833333 for
/// 1/12, and then within the relative tolerance), numerically within the relative tolerance otherwise
/// (√2/2 vs 1/√2). With variables: by evaluating both sides at fixed pseudo-random points
/// (x² + 2x + 1 vs (x + 1)², tan²y + 1 vs sec²y).
/// </summary>
internal sealed class ScalarComparer(double tolerance, bool decimalMatchesIrrational = false)
{
    private readonly Rational _tolerance = ToRational(tolerance);

    /// <summary>How many points an identity with variables is checked at.</summary>
    public const int Points = 6;

    // Differences below this are rounding noise, whatever the magnitudes.
    private const double AbsoluteFloor = 1e-12;

    // Relative difference of two doubles that are the same real number computed two ways.
    private const double RoundingNoise = 1e-12;

    /// <summary>True when the two scalars are equal.</summary>
    public bool Equal(MathNode gold, MathNode prediction)
    {
        var names = Variables.Collect(gold, prediction);
        if (names.Count == 0)
        {
            var goldExact = ExactEvaluator.TryEvaluate(gold, out var exactGold);
            var predictionExact = ExactEvaluator.TryEvaluate(prediction, out var exactPrediction);
            if (goldExact && predictionExact)
            {
                return RationalEqual(exactGold, exactPrediction);
            }

            var a = NumericEvaluator.Evaluate(gold, null);
            var b = NumericEvaluator.Evaluate(prediction, null);

            // Values beyond double range that exact arithmetic refused are not comparable; only a written ∞ is infinite.
            if ((double.IsInfinity(a) && !HasInfinity(gold)) || (double.IsInfinity(b) && !HasInfinity(prediction)))
            {
                return false;
            }

            // A decimal against a gold that is not rational (1.41421356 for \sqrt{2}) is an approximation: by
            // default it matches only when equal up to floating-point rounding (0.5 for \sin(\pi/6)), as the
            // MATH and PRM800K graders would have it.
            if (!decimalMatchesIrrational && !goldExact && predictionExact && HasDecimal(prediction))
            {
                return a == b || Math.Abs(a - b) <= RoundingNoise * Math.Max(Math.Abs(a), Math.Abs(b));
            }

            return NumbersEqual(a, b);
        }

        var valid = 0;
        for (var point = 0; point < Points; point++)
        {
            var bindings = Variables.Bind(names, point);
            var a = NumericEvaluator.Evaluate(gold, bindings);
            var b = NumericEvaluator.Evaluate(prediction, bindings);
            if (!double.IsFinite(a) || !double.IsFinite(b))
            {
                continue;
            }

            if (!NumbersEqual(a, b))
            {
                return false;
            }

            valid++;
        }

        return valid >= 2;
    }

    private static bool HasDecimal(MathNode node) =>
        (node.Kind == NodeKind.Number && node.IsDecimal) || Array.Exists(node.Children, HasDecimal);

    private static bool HasInfinity(MathNode node) =>
        node.Kind == NodeKind.Infinity || Array.Exists(node.Children, HasInfinity);

    /// <summary>True when <paramref name="gold"/> = c·<paramref name="prediction"/> for one constant c ≠ 0 (c &gt; 0 when <paramref name="positive"/>).</summary>
    public bool Proportional(MathNode gold, MathNode prediction, bool positive)
    {
        var names = Variables.Collect(gold, prediction);
        double? ratio = null;
        var valid = 0;
        for (var point = 0; point < Points; point++)
        {
            var bindings = names.Count == 0 ? null : Variables.Bind(names, point);
            var a = NumericEvaluator.Evaluate(gold, bindings);
            var b = NumericEvaluator.Evaluate(prediction, bindings);
            if (!double.IsFinite(a) || !double.IsFinite(b))
            {
                continue;
            }

            valid++;
            var zeroA = Math.Abs(a) <= AbsoluteFloor;
            var zeroB = Math.Abs(b) <= AbsoluteFloor;
            if (zeroA || zeroB)
            {
                if (zeroA != zeroB)
                {
                    return false;
                }

                continue;
            }

            if (ratio is null)
            {
                ratio = a / b;
                if (positive && ratio <= 0)
                {
                    return false;
                }
            }
            else if (!NumbersEqual(a, ratio.Value * b))
            {
                return false;
            }

            if (names.Count == 0)
            {
                break;
            }
        }

        return valid >= (names.Count == 0 ? 1 : 2);
    }

    /// <summary>Exact equality, or agreement within tolerance when either value has no finite decimal expansion.</summary>
    public bool RationalEqual(Rational a, Rational b) =>
        a == b || ((!Terminates(a) || !Terminates(b)) && RelativelyClose(a, b));

    /// <summary>
    /// |a - b| ≤ tolerance · max(|a|, |b|) in exact integer arithmetic (cross-multiplied, no reduction),
    /// so that tiny values such as 1/2004! do not underflow to equal.
    /// </summary>
    private bool RelativelyClose(Rational a, Rational b)
    {
        var left = a.Numerator * b.Denominator;
        var right = b.Numerator * a.Denominator;
        var magnitude = BigInteger.Max(BigInteger.Abs(left), BigInteger.Abs(right));
        return BigInteger.Abs(left - right) * _tolerance.Denominator <= magnitude * _tolerance.Numerator;
    }

    /// <summary>Relative agreement within the tolerance (infinities only equal themselves).</summary>
    public bool NumbersEqual(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return false;
        }

        if (double.IsInfinity(a) || double.IsInfinity(b))
        {
            return a == b;
        }

        var difference = Math.Abs(a - b);
        return difference <= tolerance * Math.Max(Math.Abs(a), Math.Abs(b)) || difference <= AbsoluteFloor;
    }

    private static Rational ToRational(double value)
    {
        // Tolerances are small positive decimals; 18 significant digits represent them exactly enough.
        var scale = BigInteger.Pow(10, 18);
        return new Rational(new BigInteger(Math.Round(value * 1e18)), scale);
    }

    private static bool Terminates(Rational value)
    {
        var denominator = value.Denominator;
        if (denominator.GetBitLength() > 4_096)
        {
            return false;
        }

        // What is left after the factors of 2 must be a power of 5.
        denominator >>= (int)BigInteger.TrailingZeroCount(denominator);
        if (denominator.IsOne)
        {
            return true;
        }

        // A power of 5 has no factor 3, 7, 11 or 13: one small remainder settles most cases.
        if (!BigInteger.GreatestCommonDivisor(denominator % 3003, 3003).IsOne)
        {
            return false;
        }

        var estimate = (int)Math.Round(denominator.GetBitLength() / Math.Log2(5));
        for (var exponent = Math.Max(1, estimate - 1); exponent <= estimate + 1; exponent++)
        {
            if (BigInteger.Pow(5, exponent) == denominator)
            {
                return true;
            }
        }

        return false;
    }
}
