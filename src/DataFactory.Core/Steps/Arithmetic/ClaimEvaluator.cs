using System.Numerics;
using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Steps.Arithmetic;

/// <summary>
/// Parses and evaluates closed arithmetic over a token range: numbers, + − × ÷, ^ (right
/// associative, integer exponents), brackets, braces and <c>\frac</c>. No implicit products, no
/// names. Parsing is greedy (it stops before the first token that cannot continue the expression)
/// and bounded: nesting, number length, exponent and result size are capped, and anything past a
/// cap is <see cref="ValueStatus.Unjudgeable"/>, never evaluated.
/// </summary>
internal ref struct ClaimEvaluator
{
    /// <summary>The longest number literal evaluated (characters).</summary>
    public const int MaxNumberLength = 60;

    /// <summary>Largest numerator or denominator of any intermediate value, in bits.</summary>
    public const int MaxBits = 4_096;

    private const int MaxDepth = 32;

    private readonly ReadOnlySpan<ClaimToken> _tokens;
    private readonly string _text;
    private readonly int _limit;
    private int _position;

    private ClaimEvaluator(ReadOnlySpan<ClaimToken> tokens, string text, int start, int limit)
    {
        _tokens = tokens;
        _text = text;
        _position = start;
        _limit = limit;
    }

    /// <summary>Parses the longest expression starting at token <paramref name="start"/> (before <paramref name="limit"/>); false when none starts there.</summary>
    public static bool TryParse(ReadOnlySpan<ClaimToken> tokens, string text, int start, int limit, out ClaimSide side)
    {
        side = default;
        var evaluator = new ClaimEvaluator(tokens, text, start, limit);
        if (!evaluator.TryExpression(0, out var status, out var value) || evaluator._position == start)
        {
            return false;
        }

        var hasOperator = false;
        var decimals = 0;
        for (var i = start; i < evaluator._position; i++)
        {
            var token = tokens[i];
            hasOperator |= token.IsOperator || token.Kind == ClaimTokenKind.Fraction;
            if (token.Kind == ClaimTokenKind.Number)
            {
                var dot = text.IndexOf('.', token.Start, token.End - token.Start);
                decimals = Math.Max(decimals, dot < 0 ? 0 : token.End - dot - 1);
            }
        }

        side = new ClaimSide(start, evaluator._position, status, value, hasOperator, decimals);
        return true;
    }

    private readonly ClaimTokenKind Peek => _position < _limit ? _tokens[_position].Kind : ClaimTokenKind.Other;

    private bool TryExpression(int depth, out ValueStatus status, out ClaimNumber value)
    {
        if (!TryTerm(depth, out status, out value))
        {
            return false;
        }

        while (Peek is ClaimTokenKind.Plus or ClaimTokenKind.Minus)
        {
            var saved = _position;
            var add = Peek == ClaimTokenKind.Plus;
            _position++;
            if (!TryTerm(depth, out var rightStatus, out var right))
            {
                _position = saved;
                return true;
            }

            Combine(ref status, ref value, rightStatus, right, add ? '+' : '-');
        }

        return true;
    }

    private bool TryTerm(int depth, out ValueStatus status, out ClaimNumber value)
    {
        if (!TryUnary(depth, out status, out value))
        {
            return false;
        }

        while (Peek is ClaimTokenKind.Times or ClaimTokenKind.Divide)
        {
            var saved = _position;
            var multiply = Peek == ClaimTokenKind.Times;
            _position++;
            if (!TryUnary(depth, out var rightStatus, out var right))
            {
                _position = saved;
                return true;
            }

            Combine(ref status, ref value, rightStatus, right, multiply ? '*' : '/');
        }

        return true;
    }

    private bool TryUnary(int depth, out ValueStatus status, out ClaimNumber value)
    {
        if (Peek != ClaimTokenKind.Minus)
        {
            return TryPower(depth, out status, out value, out _);
        }

        _position++;
        if (depth >= MaxDepth || !TryPower(depth + 1, out status, out value, out var raised))
        {
            status = ValueStatus.Unjudgeable;
            value = ClaimNumber.Zero;
            return false;
        }

        // -2^2 is -4 by convention and 4 by many writers: not judged.
        status = raised ? ValueStatus.Unjudgeable : status;
        value = -value;
        return true;
    }

    private bool TryPower(int depth, out ValueStatus status, out ClaimNumber value, out bool raised)
    {
        raised = false;
        if (!TryPrimary(depth, out status, out value))
        {
            return false;
        }

        if (Peek != ClaimTokenKind.Power)
        {
            return true;
        }

        var saved = _position;
        _position++;
        if (depth >= MaxDepth || !TryExponent(depth + 1, out var exponentStatus, out var exponent))
        {
            _position = saved;
            return true;
        }

        raised = true;
        Combine(ref status, ref value, exponentStatus, exponent, '^');
        return true;
    }

    private bool TryExponent(int depth, out ValueStatus status, out ClaimNumber value)
    {
        if (Peek != ClaimTokenKind.Minus)
        {
            return TryPower(depth, out status, out value, out _);
        }

        _position++;
        if (!TryPower(depth, out status, out value, out _))
        {
            return false;
        }

        value = -value;
        return true;
    }

    private bool TryPrimary(int depth, out ValueStatus status, out ClaimNumber value)
    {
        status = ValueStatus.Exact;
        value = ClaimNumber.Zero;
        if (depth >= MaxDepth)
        {
            return false;
        }

        switch (Peek)
        {
            case ClaimTokenKind.Number:
                status = TryNumber(_tokens[_position], out value) ? ValueStatus.Exact : ValueStatus.Unjudgeable;
                _position++;
                return true;
            case ClaimTokenKind.Open:
                return TryGroup(depth, ClaimTokenKind.Close, out status, out value);
            case ClaimTokenKind.OpenBrace:
                return TryGroup(depth, ClaimTokenKind.CloseBrace, out status, out value);
            case ClaimTokenKind.Fraction:
                _position++;
                return TryFraction(depth, out status, out value);
            default:
                return false;
        }
    }

    private bool TryGroup(int depth, ClaimTokenKind close, out ValueStatus status, out ClaimNumber value)
    {
        _position++;
        if (!TryExpression(depth + 1, out status, out value) || Peek != close)
        {
            return false;
        }

        _position++;
        return true;
    }

    private bool TryFraction(int depth, out ValueStatus status, out ClaimNumber value)
    {
        // \frac12: two single digits without braces.
        if (Peek == ClaimTokenKind.Number && _tokens[_position] is { } digits && digits.End - digits.Start == 2
            && char.IsAsciiDigit(_text[digits.Start]) && char.IsAsciiDigit(_text[digits.Start + 1]))
        {
            _position++;
            status = ValueStatus.Exact;
            value = ClaimNumber.FromInteger(_text[digits.Start] - '0');
            Combine(ref status, ref value, ValueStatus.Exact, ClaimNumber.FromInteger(_text[digits.Start + 1] - '0'), '/');
            return true;
        }

        status = ValueStatus.Exact;
        value = ClaimNumber.Zero;
        if (Peek != ClaimTokenKind.OpenBrace || !TryGroup(depth, ClaimTokenKind.CloseBrace, out status, out value)
            || Peek != ClaimTokenKind.OpenBrace || !TryGroup(depth, ClaimTokenKind.CloseBrace, out var denominatorStatus, out var denominator))
        {
            return false;
        }

        Combine(ref status, ref value, denominatorStatus, denominator, '/');
        return true;
    }

    private readonly bool TryNumber(ClaimToken token, out ClaimNumber value)
    {
        value = ClaimNumber.Zero;
        var text = _text.AsSpan(token.Start, token.End - token.Start);
        if (text.Length > MaxNumberLength)
        {
            return false;
        }

        if (text.Length <= 18 && !text.ContainsAnyExceptInRange('0', '9'))
        {
            long integer = 0;
            foreach (var digit in text)
            {
                integer = (integer * 10) + (digit - '0');
            }

            value = ClaimNumber.FromInteger(integer);
            return true;
        }

        Span<char> digits = stackalloc char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            // Thousands separators (",", ",\!", "{,}", "\,") carry no value.
            if (char.IsAsciiDigit(c) || c == '.')
            {
                digits[length++] = c;
            }
        }

        if (!Rational.TryParseDecimal(digits[..length], out var parsed))
        {
            return false;
        }

        value = ClaimNumber.FromRational(parsed);
        return true;
    }

    private static void Combine(ref ValueStatus status, ref ClaimNumber value, ValueStatus rightStatus, ClaimNumber right, char op)
    {
        if (status == ValueStatus.Unjudgeable || rightStatus == ValueStatus.Unjudgeable)
        {
            status = ValueStatus.Unjudgeable;
            return;
        }

        if (status == ValueStatus.DividesByZero || rightStatus == ValueStatus.DividesByZero)
        {
            status = ValueStatus.DividesByZero;
            return;
        }

        switch (op)
        {
            case '+':
                value += right;
                break;
            case '-':
                value -= right;
                break;
            case '*':
                value *= right;
                break;
            case '/':
                if (right.Sign == 0)
                {
                    status = ValueStatus.DividesByZero;
                    return;
                }

                value /= right;
                break;
            default:
                if (!TryRaise(value, right, out value, out status))
                {
                    return;
                }

                break;
        }

        if (value.Bits > MaxBits)
        {
            status = ValueStatus.Unjudgeable;
        }
    }

    /// <summary>An integer power within the size cap; 9^9^9 and 2^(1/2) are not judged.</summary>
    private static bool TryRaise(ClaimNumber power, ClaimNumber exponent, out ClaimNumber value, out ValueStatus status)
    {
        value = power;
        status = ValueStatus.Unjudgeable;
        var exact = exponent.ToRational();
        if (!exact.IsInteger || BigInteger.Abs(exact.Numerator) > MaxBits)
        {
            return false;
        }

        var e = (int)exact.Numerator;
        if (power.Sign == 0 && e < 0)
        {
            status = ValueStatus.DividesByZero;
            return false;
        }

        var bits = power.Bits;
        if (bits > 1 && (bits - 1) * Math.Abs(e) > MaxBits)
        {
            return false;
        }

        value = power.Pow(e);
        status = ValueStatus.Exact;
        return true;
    }
}
