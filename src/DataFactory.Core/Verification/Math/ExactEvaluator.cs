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

    /// <summary>The exact value, or false when the node is not an exactly computable rational.</summary>
    public static bool TryEvaluate(MathNode node, out Rational value)
    {
        value = Rational.Zero;
        switch (node.Kind)
        {
            case NodeKind.Number:
                value = node.Value;
                return true;
            case NodeKind.Negate:
                if (!TryEvaluate(node.Children[0], out var inner))
                {
                    return false;
                }

                value = -inner;
                return true;
            case NodeKind.Add or NodeKind.Subtract or NodeKind.Multiply or NodeKind.Divide:
                return TryArithmetic(node, out value);
            case NodeKind.Power:
                return TryEvaluate(node.Children[0], out var powerBase) && TryEvaluate(node.Children[1], out var exponent)
                    && TryPower(powerBase, exponent, out value);
            case NodeKind.Root:
                var index = Rational.FromInteger(2);
                return TryEvaluate(node.Children[0], out var radicand)
                    && (node.Children.Length == 1 || TryEvaluate(node.Children[1], out index))
                    && index.IsInteger && index.Sign > 0 && TryPower(radicand, Rational.One / index, out value);
            case NodeKind.Percent:
                if (!TryEvaluate(node.Children[0], out var percent))
                {
                    return false;
                }

                value = percent / Rational.FromInteger(100);
                return true;
            case NodeKind.Abs:
                if (!TryEvaluate(node.Children[0], out var absolute))
                {
                    return false;
                }

                value = absolute.Sign < 0 ? -absolute : absolute;
                return true;
            case NodeKind.Floor or NodeKind.Ceiling:
                return TryRound(node, out value);
            case NodeKind.Factorial:
                return TryEvaluate(node.Children[0], out var n) && TryFactorial(n, out value);
            case NodeKind.Binomial:
                return TryEvaluate(node.Children[0], out var top) && TryEvaluate(node.Children[1], out var bottom)
                    && TryBinomial(top, bottom, out value);
            default:
                return false;
        }
    }

    private static bool TryArithmetic(MathNode node, out Rational value)
    {
        value = Rational.Zero;
        if (!TryEvaluate(node.Children[0], out var left) || !TryEvaluate(node.Children[1], out var right))
        {
            return false;
        }

        if (TooLarge(left) || TooLarge(right))
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

    private static bool TooLarge(Rational value) =>
        value.Numerator.GetBitLength() + value.Denominator.GetBitLength() > MaxResultBits;

    private static bool TryPower(Rational powerBase, Rational exponent, out Rational value)
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

        var bits = powerBase.Numerator.GetBitLength() + powerBase.Denominator.GetBitLength();
        if (bits * Math.Abs(power) / root > MaxResultBits)
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

    private static bool TryRound(MathNode node, out Rational value)
    {
        value = Rational.Zero;
        if (!TryEvaluate(node.Children[0], out var inner))
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

    private static bool TryFactorial(Rational n, out Rational value)
    {
        value = Rational.Zero;
        if (!n.IsInteger || n.Sign < 0 || n.Numerator > MaxFactorial)
        {
            return false;
        }

        var result = BigInteger.One;
        for (var i = 2; i <= (int)n.Numerator; i++)
        {
            result *= i;
        }

        value = Rational.FromInteger(result);
        return true;
    }

    private static bool TryBinomial(Rational n, Rational k, out Rational value)
    {
        value = Rational.Zero;
        if (!n.IsInteger || !k.IsInteger || n.Sign < 0 || n.Numerator > MaxFactorial)
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
