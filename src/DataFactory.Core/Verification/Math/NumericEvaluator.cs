namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Evaluates a scalar node in double precision, with variables bound to given values. Domain errors
/// give NaN. A negative base with a rational exponent of odd denominator ("(-8)^{1/3}") and odd roots
/// of negatives are real, as a reader expects.
/// </summary>
internal static class NumericEvaluator
{
    private const int MaxFactorial = 170;

    /// <summary>The value of <paramref name="node"/>; <paramref name="variables"/> binds names (missing ones are NaN).</summary>
    public static double Evaluate(MathNode node, IReadOnlyDictionary<string, double>? variables)
    {
        var c = node.Children;
        switch (node.Kind)
        {
            case NodeKind.Number:
                return node.Value.ToDouble();
            case NodeKind.Pi:
                return Math.PI;
            case NodeKind.Euler:
                return Math.E;
            case NodeKind.Infinity:
                return double.PositiveInfinity;
            case NodeKind.Variable:
                return variables is not null && variables.TryGetValue(node.Name, out var bound) ? bound : double.NaN;
            case NodeKind.Negate:
                return -Evaluate(c[0], variables);
            case NodeKind.Add:
                return Evaluate(c[0], variables) + Evaluate(c[1], variables);
            case NodeKind.Subtract:
                return Evaluate(c[0], variables) - Evaluate(c[1], variables);
            case NodeKind.Multiply:
                return Evaluate(c[0], variables) * Evaluate(c[1], variables);
            case NodeKind.Divide:
                var divisor = Evaluate(c[1], variables);
                return divisor == 0 ? double.NaN : Evaluate(c[0], variables) / divisor;
            case NodeKind.Power:
                return Power(Evaluate(c[0], variables), c[1], variables);
            case NodeKind.Root:
                var index = c.Length > 1 ? Evaluate(c[1], variables) : 2;
                return Root(Evaluate(c[0], variables), index);
            case NodeKind.Percent:
                return Evaluate(c[0], variables) / 100;
            case NodeKind.Abs:
                return Math.Abs(Evaluate(c[0], variables));
            case NodeKind.Floor:
                return Math.Floor(Evaluate(c[0], variables));
            case NodeKind.Ceiling:
                return Math.Ceiling(Evaluate(c[0], variables));
            case NodeKind.Factorial:
                return Factorial(Evaluate(c[0], variables));
            case NodeKind.Binomial:
                return Binomial(Evaluate(c[0], variables), Evaluate(c[1], variables));
            case NodeKind.Function:
                var argument = Evaluate(c[0], variables);
                return c.Length > 1 ? Math.Log(argument) / Math.Log(Evaluate(c[1], variables)) : Function(node.Name, argument);
            default:
                return double.NaN;
        }
    }

    private static double Power(double powerBase, MathNode exponentNode, IReadOnlyDictionary<string, double>? variables)
    {
        var exponent = Evaluate(exponentNode, variables);
        if (powerBase >= 0 || double.IsNaN(exponent) || Math.Abs(exponent - Math.Round(exponent)) < 1e-12)
        {
            return Math.Pow(powerBase, exponent);
        }

        // A negative base needs a rational exponent with an odd denominator: (-8)^{2/3} = 4.
        if (ExactEvaluator.TryEvaluate(exponentNode, out var exact) && !exact.Denominator.IsEven)
        {
            var magnitude = Math.Pow(-powerBase, exponent);
            return exact.Numerator.IsEven ? magnitude : -magnitude;
        }

        return double.NaN;
    }

    private static double Root(double radicand, double index)
    {
        if (index <= 0 || double.IsNaN(index))
        {
            return double.NaN;
        }

        if (radicand >= 0)
        {
            return index == 2 ? Math.Sqrt(radicand) : Math.Pow(radicand, 1 / index);
        }

        var odd = Math.Abs(index % 2) == 1;
        return odd ? -Math.Pow(-radicand, 1 / index) : double.NaN;
    }

    private static double Factorial(double n)
    {
        if (n < 0 || n > MaxFactorial || n != Math.Floor(n))
        {
            return n > MaxFactorial ? double.PositiveInfinity : double.NaN;
        }

        var result = 1.0;
        for (var i = 2; i <= (int)n; i++)
        {
            result *= i;
        }

        return result;
    }

    private static double Binomial(double n, double k)
    {
        if (n != Math.Floor(n) || k != Math.Floor(k) || n < 0 || n > 10_000)
        {
            return double.NaN;
        }

        if (k < 0 || k > n)
        {
            return 0;
        }

        k = Math.Min(k, n - k);
        var result = 1.0;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }

    private static double Function(string name, double x) => name switch
    {
        "sin" => Math.Sin(x),
        "cos" => Math.Cos(x),
        "tan" => Math.Tan(x),
        "sec" => 1 / Math.Cos(x),
        "csc" => 1 / Math.Sin(x),
        "cot" => 1 / Math.Tan(x),
        "arcsin" => Math.Asin(x),
        "arccos" => Math.Acos(x),
        "arctan" => Math.Atan(x),
        "sinh" => Math.Sinh(x),
        "cosh" => Math.Cosh(x),
        "tanh" => Math.Tanh(x),
        "ln" => Math.Log(x),
        "log" or "lg" => Math.Log10(x),
        "exp" => Math.Exp(x),
        _ => double.NaN,
    };
}
