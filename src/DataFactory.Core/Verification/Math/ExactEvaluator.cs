using System.Numerics;
using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Evaluates a scalar node to an exact rational where that is possible: arithmetic, integer powers,
/// roots of perfect powers, factorials, binomials, |x|, floor, ceiling. Anything irrational, symbolic or
/// too large (see the limits) is not exact and left to <see cref="NumericEvaluator"/>.
/// </summary>
internal static class ExactEvaluator
{
    private const int MaxResultBits = 1 << 16;
    private const int MaxFactorial = 5_000;
    private const int MaxRootIndex = 16;

    // Work allowed per evaluation, in 64-bit word operations: bounds hostile inputs such as
    // "2000!/2000!/…" while 1/2004! (about 350,000) stays exact.
    private const long MaxWork = 4_000_000;

    /// <summary>The exact value, or false when the node is not an exactly computable rational.</summary>
    public static bool TryEvaluate(MathNode node, out Rational value)
    {
        var budget = MaxWork;
        return TryEvaluate(node, ref budget, out value);
    }

    private static bool TryEvaluate(MathNode node, ref long budget, out Rational value)
    {
        value = Rational.Zero;
        if (budget <= 0)
        {
            return false;
        }

        switch (node.Kind)
        {
            case NodeKind.Number:
                value = node.Value;
                return true;
            case NodeKind.Negate:
                if (!TryEvaluate(node.Children[0], ref budget, out var inner))
                {
                    return false;
                }

                value = -inner;
                return true;
            case NodeKind.Add or NodeKind.Subtract or NodeKind.Multiply or NodeKind.Divide:
                return TryArithmetic(node, ref budget, out value);
            case NodeKind.Power:
                return TryEvaluate(node.Children[0], ref budget, out var powerBase) && TryEvaluate(node.Children[1], ref budget, out var exponent)
                    && TryPower(powerBase, exponent, ref budget, out value);
            case NodeKind.Root:
                var index = Rational.FromInteger(2);
                return TryEvaluate(node.Children[0], ref budget, out var radicand)
                    && (node.Children.Length == 1 || TryEvaluate(node.Children[1], ref budget, out index))
                    && index.IsInteger && index.Sign > 0 && TryPower(radicand, Rational.One / index, ref budget, out value);
            case NodeKind.Percent:
                if (!TryEvaluate(node.Children[0], ref budget, out var percent))
                {
                    return false;
                }

                value = percent / Rational.FromInteger(100);
                return true;
            case NodeKind.Abs:
                if (!TryEvaluate(node.Children[0], ref budget, out var absolute))
                {
                    return false;
                }

                value = absolute.Sign < 0 ? -absolute : absolute;
                return true;
            case NodeKind.Floor or NodeKind.Ceiling:
                return TryRound(node, ref budget, out value);
            case NodeKind.Factorial:
                return TryEvaluate(node.Children[0], ref budget, out var n) && TryFactorial(n, ref budget, out value);
            case NodeKind.Binomial:
                return TryEvaluate(node.Children[0], ref budget, out var top) && TryEvaluate(node.Children[1], ref budget, out var bottom)
                    && TryBinomial(top, bottom, ref budget, out value);
            default:
                return false;
        }
    }

    private static bool TryArithmetic(MathNode node, ref long budget, out Rational value)
    {
        value = Rational.Zero;
        if (!TryEvaluate(node.Children[0], ref budget, out var left) || !TryEvaluate(node.Children[1], ref budget, out var right))
        {
            return false;
        }

        if (TooLarge(left) || TooLarge(right))
        {
            return false;
        }

        // Products and the reduction to lowest terms grow with the sizes of both operands.
        budget -= (Bits(left) * Bits(right) / 4096) + 1;
        if (budget <= 0)
        {
            return false;
        }

        switch (node.Kind)
        {
            case NodeKind.Add:
                value = left + right;
                return true;
            case NodeKind.Subtract:
                value = left - right;
                return true;
            case NodeKind.Multiply:
                value = left * right;
                return true;
            default:
                if (right.Sign == 0)
                {
                    return false;
                }

                value = left / right;
                return true;
        }
    }

    private static bool TooLarge(Rational value) => Bits(value) > MaxResultBits;

    private static long Bits(Rational value) => value.Numerator.GetBitLength() + value.Denominator.GetBitLength();

    private static bool TryPower(Rational powerBase, Rational exponent, ref long budget, out Rational value)
    {
        value = Rational.Zero;
        if (exponent.Denominator > MaxRootIndex || BigInteger.Abs(exponent.Numerator) > MaxResultBits)
        {
            return false;
        }

        var root = (int)exponent.Denominator;
        var power = (int)exponent.Numerator;
        if (powerBase.Sign == 0)
        {
            if (power < 0)
            {
                return false;
            }

            value = power == 0 ? Rational.One : Rational.Zero;
            return true;
        }

        var bits = BigInteger.Log(BigInteger.Abs(powerBase.Numerator), 2) + BigInteger.Log(powerBase.Denominator, 2);
        var resultBits = (long)Math.Ceiling(bits * Math.Abs(power) / root);
        budget -= ((resultBits / 64) + 1) * 8;
        if (resultBits > MaxResultBits || budget <= 0)
        {
            return false;
        }

        if (root > 1)
        {
            if (powerBase.Sign < 0 && root % 2 == 0)
            {
                return false;
            }

            var sign = powerBase.Sign;
            if (!TryIntegerRoot(BigInteger.Abs(powerBase.Numerator), root, out var top)
                || !TryIntegerRoot(powerBase.Denominator, root, out var bottom))
            {
                return false;
            }

            powerBase = new Rational(sign * top, bottom);
        }

        value = powerBase.Pow(power);
        return true;
    }

    /// <summary>The exact integer root when <paramref name="n"/> is a perfect power.</summary>
    private static bool TryIntegerRoot(BigInteger n, int degree, out BigInteger root)
    {
        root = BigInteger.Zero;
        if (n.Sign < 0 || n.GetBitLength() > 4_096)
        {
            return false;
        }

        if (n.IsZero || n.IsOne)
        {
            root = n;
            return true;
        }

        // Newton's method from an overestimate converges to floor(n^(1/degree)).
        var x = BigInteger.One << (int)((n.GetBitLength() / degree) + 1);
        for (var i = 0; i < 10_000; i++)
        {
            var next = (((degree - 1) * x) + (n / BigInteger.Pow(x, degree - 1))) / degree;
            if (next >= x)
            {
                break;
            }

            x = next;
        }

        root = x;
        return BigInteger.Pow(x, degree) == n;
    }

    private static bool TryRound(MathNode node, ref long budget, out Rational value)
    {
        value = Rational.Zero;
        if (!TryEvaluate(node.Children[0], ref budget, out var inner))
        {
            return false;
        }

        var quotient = BigInteger.DivRem(inner.Numerator, inner.Denominator, out var remainder);
        if (!remainder.IsZero)
        {
            if (node.Kind == NodeKind.Floor && inner.Sign < 0)
            {
                quotient -= 1;
            }
            else if (node.Kind == NodeKind.Ceiling && inner.Sign > 0)
            {
                quotient += 1;
            }
        }

        value = Rational.FromInteger(quotient);
        return true;
    }

    private static bool TryFactorial(Rational n, ref long budget, out Rational value)
    {
        value = Rational.Zero;
        if (!n.IsInteger || n.Sign < 0 || n.Numerator > MaxFactorial)
        {
            return false;
        }

        // n multiplications of a number of about n·log2(n) bits.
        var count = (long)n.Numerator;
        budget -= count * ((count * (long)Math.Log2(count + 2) / 128) + 1);
        if (budget <= 0)
        {
            return false;
        }

        value = Rational.FromInteger(Product(2, (int)n.Numerator));
        return true;
    }

    /// <summary>lo·(lo+1)·…·hi by halves, so that the big multiplications are few and balanced.</summary>
    private static BigInteger Product(int lo, int hi)
    {
        if (hi < lo)
        {
            return BigInteger.One;
        }

        if (hi - lo < 16)
        {
            var result = BigInteger.One;
            for (var i = lo; i <= hi; i++)
            {
                result *= i;
            }

            return result;
        }

        var middle = lo + ((hi - lo) / 2);
        return Product(lo, middle) * Product(middle + 1, hi);
    }

    private static bool TryBinomial(Rational n, Rational k, ref long budget, out Rational value)
    {
        value = Rational.Zero;
        if (!n.IsInteger || !k.IsInteger || n.Sign < 0 || n.Numerator > MaxFactorial)
        {
            return false;
        }

        var count = (long)n.Numerator;
        budget -= count * ((count * (long)Math.Log2(count + 2) / 128) + 1);
        if (budget <= 0)
        {
            return false;
        }

        if (k.Sign < 0 || k > n)
        {
            return true;
        }

        var top = (int)n.Numerator;
        var choose = (int)BigInteger.Min(k.Numerator, n.Numerator - k.Numerator);
        var result = BigInteger.One;
        for (var i = 1; i <= choose; i++)
        {
            result = result * (top - choose + i) / i;
        }

        value = Rational.FromInteger(result);
        return true;
    }
}
