using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Verification.Puzzles;

/// <summary>
/// Recursive-descent parser and exact evaluator for puzzle expressions: numbers, + − × ÷ and
/// brackets (and <c>\frac{a}{b}</c>). A minus directly before a number makes a negative literal;
/// any other unary sign, implicit multiplication and every other symbol are errors. Length and
/// nesting are capped, so time and stack stay bounded on any input.
/// </summary>
internal sealed class ExpressionParser
{
    /// <summary>The longest expression text accepted.</summary>
    public const int MaxLength = 1000;

    /// <summary>The deepest bracket nesting accepted.</summary>
    public const int MaxDepth = 64;

    private readonly List<Token> _tokens;
    private readonly List<Literal> _literals = [];
    private int _next;
    private string _error = string.Empty;

    private ExpressionParser(List<Token> tokens) => _tokens = tokens;

    private Token Current => _tokens[_next];

    /// <summary>Parses and evaluates <paramref name="text"/>; on failure returns false and a short reason.</summary>
    public static bool TryParse(string text, out ParsedExpression expression, out string error)
    {
        expression = new ParsedExpression(text, [], null);
        if (text.Length > MaxLength)
        {
            error = $"longer than {MaxLength} characters";
            return false;
        }

        var tokens = new List<Token>();
        if (!ExpressionLexer.TryTokenize(text, tokens, out error))
        {
            return false;
        }

        var parser = new ExpressionParser(tokens);
        if (!parser.TryExpression(0, out var value))
        {
            error = parser._error;
            return false;
        }

        if (parser.Current.Kind != TokenKind.End)
        {
            error = parser.Unexpected();
            return false;
        }

        expression = new ParsedExpression(text, parser._literals, value);
        return true;
    }

    private bool TryExpression(int depth, out Rational? value)
    {
        if (!TryTerm(depth, out value))
        {
            return false;
        }

        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var add = Current.Kind == TokenKind.Plus;
            _next++;
            if (!TryTerm(depth, out var right))
            {
                return false;
            }

            value = value is { } l && right is { } r ? (add ? l + r : l - r) : null;
        }

        return true;
    }

    private bool TryTerm(int depth, out Rational? value)
    {
        if (!TryFactor(depth, out value))
        {
            return false;
        }

        while (true)
        {
            var kind = Current.Kind;
            if (kind is TokenKind.Number or TokenKind.Open or TokenKind.Fraction)
            {
                return Fail($"missing operator before '{Current.Text}' at position {Current.Position + 1}");
            }

            if (kind is not (TokenKind.Times or TokenKind.Divide))
            {
                return true;
            }

            _next++;
            if (!TryFactor(depth, out var right))
            {
                return false;
            }

            value = Combine(value, right, kind == TokenKind.Times);
        }
    }

    private static Rational? Combine(Rational? left, Rational? right, bool multiply)
    {
        if (left is not { } l || right is not { } r)
        {
            return null;
        }

        if (multiply)
        {
            return l * r;
        }

        // Division by zero leaves the whole expression undefined; the caller reports it.
        return r.Sign == 0 ? null : l / r;
    }

    private bool TryFactor(int depth, out Rational? value)
    {
        value = null;
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                _next++;
                return TryLiteral(token.Text, negative: false, out value);
            case TokenKind.Minus when _tokens[_next + 1].Kind == TokenKind.Number:
                _next += 2;
                return TryLiteral(_tokens[_next - 1].Text, negative: true, out value);
            case TokenKind.Minus or TokenKind.Plus:
                return Fail($"unary '{token.Text}' before a bracket is not allowed (position {token.Position + 1})");
            case TokenKind.Open:
                return TryGroup(depth, out value);
            case TokenKind.Fraction:
                _next++;
                if (!TryGroup(depth, out var numerator) || !TryGroup(depth, out var denominator))
                {
                    return false;
                }

                value = Combine(numerator, denominator, multiply: false);
                return true;
            default:
                return Fail(Unexpected());
        }
    }

    private bool TryGroup(int depth, out Rational? value)
    {
        value = null;
        var open = Current;
        if (open.Kind != TokenKind.Open)
        {
            return Fail(Unexpected());
        }

        if (depth >= MaxDepth)
        {
            return Fail($"brackets nested deeper than {MaxDepth}");
        }

        _next++;
        if (!TryExpression(depth + 1, out value))
        {
            return false;
        }

        var close = Current;
        if (close.Kind != TokenKind.Close)
        {
            return Fail(close.Kind == TokenKind.End
                ? $"unbalanced '{open.Text}' at position {open.Position + 1}"
                : Unexpected());
        }

        if (close.Text != Closer(open.Text))
        {
            return Fail($"'{open.Text}' at position {open.Position + 1} closed by '{close.Text}'");
        }

        _next++;
        return true;
    }

    private bool TryLiteral(string text, bool negative, out Rational? value)
    {
        value = null;
        if (!Rational.TryParseDecimal(text, out var parsed))
        {
            return Fail($"'{text}' is not a number");
        }

        parsed = negative ? -parsed : parsed;
        _literals.Add(new Literal(parsed, negative ? "-" + text : text));
        value = parsed;
        return true;
    }

    private static string Closer(string open) => open switch
    {
        "(" => ")",
        "[" => "]",
        _ => "}",
    };

    private string Unexpected() => Current.Kind == TokenKind.End
        ? "unexpected end of expression"
        : Current.Kind == TokenKind.Close
            ? $"unbalanced '{Current.Text}' at position {Current.Position + 1}"
            : $"unexpected '{Current.Text}' at position {Current.Position + 1}";

    private bool Fail(string error)
    {
        _error = error;
        return false;
    }
}
