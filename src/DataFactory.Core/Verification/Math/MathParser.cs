using System.Globalization;
using System.Numerics;
using System.Text;
using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Recursive-descent parser from tokens to a <see cref="MathNode"/> tree. Precedence, loosest first:
/// list separators (",", ";", "and", "or"), relations, ratios (":"), set operators, + - ±, * / and
/// implicit products, unary signs, powers, postfix (! % ′ °), primaries. A failed parse returns null
/// rather than throwing, and nesting deeper than <see cref="MaxDepth"/> fails, so parsing is bounded.
/// </summary>
internal sealed class MathParser
{
    /// <summary>Answers longer than this are not parsed.</summary>
    public const int MaxLength = 10_000;

    private const int MaxDepth = 120;
    private const int MaxExponentDigits = 1_000;

    // "square centimeters per second": a unit is a few words; more is prose.
    private const int MaxUnitWords = 5;

    private readonly List<Token> _tokens;
    private int _position;
    private int _depth;
    private int _absDepth;
    private bool _failed;

    private MathParser(List<Token> tokens) => _tokens = tokens;

    /// <summary>Parses an answer, or returns null when it is not a math answer this parser reads.</summary>
    public static MathNode? Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            return null;
        }

        var tokens = MathLexer.Lex(text);
        if (tokens is null)
        {
            return null;
        }

        var parser = new MathParser(tokens);
        var node = parser.ParseAnswer();
        return parser._failed ? null : node;
    }

    private Token Peek(int ahead = 0) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];

    private TokenKind PeekKind(int ahead = 0) => Peek(ahead).Kind;

    private void Advance() => _position = Math.Min(_position + 1, _tokens.Count - 1);

    private MathNode? Fail()
    {
        _failed = true;
        return null;
    }

    private bool Expect(TokenKind kind)
    {
        if (PeekKind() != kind)
        {
            _failed = true;
            return false;
        }

        Advance();
        return true;
    }

    private MathNode? ParseAnswer()
    {
        var groups = new List<List<MathNode>>();
        var current = new List<MathNode>();
        while (!_failed)
        {
            var item = ParseItem();
            if (item is null)
            {
                return Fail();
            }

            current.Add(item);
            var kind = PeekKind();
            if (kind == TokenKind.End)
            {
                break;
            }

            Advance();
            if (kind == TokenKind.Comma)
            {
                // ", and 82": the word repeats the comma.
                if (PeekKind() == TokenKind.Connector)
                {
                    Advance();
                }
            }
            else if (kind is TokenKind.Semicolon or TokenKind.Connector)
            {
                groups.Add(current);
                current = [];
            }
            else
            {
                return Fail();
            }
        }

        groups.Add(current);

        // "Therefore, 3!": words beside math are prose, not a list of answers.
        var texts = groups.Sum(g => g.Count(i => i.Kind == NodeKind.Text));
        if (texts > 0 && texts < groups.Sum(g => g.Count))
        {
            return Fail();
        }

        return _failed ? null : BuildList(groups);
    }

    /// <summary>
    /// One group is a plain list. Several groups ("p=5, q=2; p=7, q=2") make each group of two or more
    /// assignments a tuple of their values; other groups are flattened into the list.
    /// </summary>
    private static MathNode BuildList(List<List<MathNode>> groups)
    {
        var items = new List<MathNode>();
        if (groups.Count == 1)
        {
            items.AddRange(groups[0]);
        }
        else
        {
            foreach (var group in groups)
            {
                if (group.Count >= 2 && group.TrueForAll(AnswerForms.IsAssignment))
                {
                    items.Add(MathNode.Bracket('(', ')', [.. group.Select(g => g.Children[^1])]));
                }
                else
                {
                    items.AddRange(group);
                }
            }
        }

        return items.Count == 1 ? items[0] : MathNode.Group(NodeKind.List, [.. items]);
    }

    private MathNode? ParseItem()
    {
        if (PeekKind() == TokenKind.Word)
        {
            return ParseTextItem();
        }

        var node = ParseRelation();
        if (node is null)
        {
            return null;
        }

        // Words after a number are units ("10 cm", "125 miles"); after a bare name they are prose ("I could not…").
        if (PeekKind() == TokenKind.Word && !HasNumber(node))
        {
            return Fail();
        }

        SkipUnits();
        return node;
    }

    /// <summary>An answer in words ("odd", "Evelyn", "The midpoints form a regular hexagon").</summary>
    private MathNode? ParseTextItem()
    {
        var builder = new StringBuilder();
        var previousWasName = false;
        while (PeekKind() is TokenKind.Word or TokenKind.Identifier or TokenKind.Dot)
        {
            var token = Peek();
            if (token.Kind == TokenKind.Dot)
            {
                Advance();
                continue;
            }

            var glued = token.Kind == TokenKind.Identifier && !token.SpaceBefore && previousWasName;
            if (builder.Length > 0 && !glued)
            {
                builder.Append(' ');
            }

            builder.Append(token.Text);
            previousWasName = true;
            Advance();
        }

        // Words followed by numbers or operators are prose around an answer, not an answer.
        return IsTerminator(PeekKind()) ? MathNode.Text(builder.ToString()) : Fail();
    }

    private static bool IsTerminator(TokenKind kind) => kind is TokenKind.End or TokenKind.Comma or TokenKind.Semicolon
        or TokenKind.Connector or TokenKind.RightParen or TokenKind.RightBracket or TokenKind.RightBrace or TokenKind.SetClose;

    private static bool HasNumber(MathNode node) =>
        node.Kind is NodeKind.Number or NodeKind.Pi || Array.Exists(node.Children, HasNumber);

    /// <summary>Skips units and words after a value: "10 cm", "125 miles", "15 cm^2", "3 s", a final period.</summary>
    private void SkipUnits()
    {
        var words = 0;
        while (words <= MaxUnitWords)
        {
            var kind = PeekKind();
            if (kind is TokenKind.Word or TokenKind.Degree or TokenKind.Dot)
            {
                words += kind == TokenKind.Word ? 1 : 0;
                Advance();
                if (kind == TokenKind.Word && PeekKind() == TokenKind.Caret && PeekKind(1) == TokenKind.Number)
                {
                    Advance();
                    Advance();
                }
            }
            else if (kind == TokenKind.Identifier && LatexCommands.LetterUnits.Contains(Peek().Text) && UnitEnds(1))
            {
                Advance();
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>True when the token <paramref name="ahead"/> ends a unit: a terminator, or "^2" then one.</summary>
    private bool UnitEnds(int ahead) =>
        IsTerminator(PeekKind(ahead)) || PeekKind(ahead) is TokenKind.Word or TokenKind.Dot
        || (PeekKind(ahead) == TokenKind.Caret && PeekKind(ahead + 1) == TokenKind.Number && IsTerminator(PeekKind(ahead + 2)));

    private MathNode? ParseRelation()
    {
        var first = ParseRatio();
        if (first is null || PeekKind() != TokenKind.Relation)
        {
            return first;
        }

        var parts = new List<MathNode> { first };
        var ops = new List<char>();
        while (PeekKind() == TokenKind.Relation)
        {
            ops.Add(Peek().Op);
            Advance();
            var next = ParseRatio();
            if (next is null)
            {
                return null;
            }

            parts.Add(next);
        }

        return MathNode.Chain(NodeKind.Relation, [.. parts], [.. ops]);
    }

    private MathNode? ParseRatio()
    {
        var first = ParseSetExpression();
        if (first is null || PeekKind() != TokenKind.Colon)
        {
            return first;
        }

        var parts = new List<MathNode> { first };
        while (PeekKind() == TokenKind.Colon)
        {
            Advance();
            var next = ParseSetExpression();
            if (next is null)
            {
                return null;
            }

            parts.Add(next);
        }

        return MathNode.Group(NodeKind.Ratio, [.. parts]);
    }

    private MathNode? ParseSetExpression()
    {
        var first = ParseSum();
        if (first is null || PeekKind() != TokenKind.SetOperator)
        {
            return first;
        }

        var parts = new List<MathNode> { first };
        var ops = new List<char>();
        while (PeekKind() == TokenKind.SetOperator)
        {
            ops.Add(Peek().Op);
            Advance();
            var next = ParseSum();
            if (next is null)
            {
                return null;
            }

            parts.Add(next);
        }

        return MathNode.Chain(NodeKind.SetOperation, [.. parts], [.. ops]);
    }

    private MathNode? ParseSum()
    {
        var left = ParseTerm();
        while (left is not null)
        {
            var kind = PeekKind() switch
            {
                TokenKind.Plus => NodeKind.Add,
                TokenKind.Minus => NodeKind.Subtract,
                TokenKind.PlusMinus or TokenKind.MinusPlus => NodeKind.PlusMinus,
                _ => (NodeKind?)null,
            };
            if (kind is null)
            {
                break;
            }

            Advance();
            var right = ParseTerm();
            left = right is null ? null : MathNode.Binary(kind.Value, left, right);
        }

        return left;
    }

    private MathNode? ParseTerm()
    {
        var left = ParseUnary();
        while (left is not null)
        {
            var kind = PeekKind();
            if (kind is TokenKind.Times or TokenKind.Divide)
            {
                Advance();
                var right = ParseUnary();
                left = right is null ? null : MathNode.Binary(kind == TokenKind.Times ? NodeKind.Multiply : NodeKind.Divide, left, right);
            }
            else if (StartsImplicitFactor(left))
            {
                var right = ParsePower();
                left = right is null ? null : MathNode.Binary(NodeKind.Multiply, left, right);
            }
            else
            {
                break;
            }
        }

        return left;
    }

    private bool StartsImplicitFactor(MathNode left) => PeekKind() switch
    {
        TokenKind.Identifier => !(left.Kind == NodeKind.Number && LatexCommands.LetterUnits.Contains(Peek().Text) && UnitEnds(1)),
        TokenKind.Function or TokenKind.Frac or TokenKind.Sqrt or TokenKind.Binom or TokenKind.LeftParen or TokenKind.LeftBrace
            or TokenKind.BeginMatrix or TokenKind.FloorOpen or TokenKind.CeilOpen => true,
        TokenKind.Bar => _absDepth == 0,
        _ => false,
    };

    private MathNode? ParseUnary()
    {
        if (++_depth > MaxDepth)
        {
            return Fail();
        }

        try
        {
            switch (PeekKind())
            {
                case TokenKind.Minus:
                    Advance();
                    var negated = ParseUnary();
                    return negated is null ? null : MathNode.Unary(NodeKind.Negate, negated);
                case TokenKind.Plus:
                    Advance();
                    return ParseUnary();
                case TokenKind.PlusMinus or TokenKind.MinusPlus:
                    Advance();
                    var both = ParseUnary();
                    return both is null ? null : MathNode.Unary(NodeKind.PlusMinus, both);
                default:
                    return ParsePower();
            }
        }
        finally
        {
            _depth--;
        }
    }

    private MathNode? ParsePower()
    {
        var node = ParsePostfix();
        if (node is null || PeekKind() != TokenKind.Caret)
        {
            return node;
        }

        Advance();
        if (SkipDegreeExponent())
        {
            return node;
        }

        var exponent = PeekKind() switch
        {
            TokenKind.LeftBrace => ParseBraceGroup(),
            TokenKind.Minus or TokenKind.Plus => ParseUnary(),
            _ => ParsePower(),
        };
        return exponent is null ? null : Postfix(MathNode.Binary(NodeKind.Power, node, exponent));
    }

    /// <summary>"^\circ" and "^{\circ}" mark degrees: no exponent.</summary>
    private bool SkipDegreeExponent()
    {
        if (PeekKind() == TokenKind.Degree)
        {
            Advance();
            return true;
        }

        if (PeekKind() == TokenKind.LeftBrace && PeekKind(1) == TokenKind.Degree && PeekKind(2) == TokenKind.RightBrace)
        {
            Advance();
            Advance();
            Advance();
            return true;
        }

        return false;
    }

    private MathNode? ParsePostfix()
    {
        if (++_depth > MaxDepth)
        {
            return Fail();
        }

        try
        {
            var node = ParsePrimary();
            return node is null ? null : Postfix(node);
        }
        finally
        {
            _depth--;
        }
    }

    private MathNode Postfix(MathNode node)
    {
        while (true)
        {
            switch (PeekKind())
            {
                case TokenKind.Bang:
                    Advance();
                    node = MathNode.Unary(NodeKind.Factorial, node);
                    break;
                case TokenKind.Percent:
                    Advance();
                    node = MathNode.Unary(NodeKind.Percent, node);
                    break;
                case TokenKind.Degree:
                    Advance();
                    break;
                case TokenKind.Prime when node.Kind == NodeKind.Variable:
                    Advance();
                    node = MathNode.Variable(node.Name + "'");
                    break;
                default:
                    return node;
            }
        }
    }

    private MathNode? ParsePrimary()
    {
        var token = Peek();
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return ParseNumber(token.Text);
            case TokenKind.Identifier:
                Advance();
                return ParseIdentifier(token.Text);
            case TokenKind.Function:
                Advance();
                return ParseFunction(token.Text);
            case TokenKind.Frac:
                Advance();
                var numerator = ParseFractionArgument();
                var denominator = numerator is null ? null : ParseFractionArgument();
                return denominator is null ? null : MathNode.Binary(NodeKind.Divide, numerator!, denominator);
            case TokenKind.Sqrt:
                Advance();
                return ParseRoot();
            case TokenKind.Binom:
                Advance();
                var n = ParseFractionArgument();
                var k = n is null ? null : ParseFractionArgument();
                return k is null ? null : MathNode.Binary(NodeKind.Binomial, n!, k);
            case TokenKind.LeftParen:
                return ParseBracketed('(');
            case TokenKind.LeftBracket:
                return ParseBracketed('[');
            case TokenKind.LeftBrace:
                return ParseBraceGroup();
            case TokenKind.SetOpen:
                return ParseSet();
            case TokenKind.Bar:
                return ParseEnclosed(TokenKind.Bar, NodeKind.Abs, absolute: true);
            case TokenKind.FloorOpen:
                return ParseEnclosed(TokenKind.FloorClose, NodeKind.Floor, absolute: false);
            case TokenKind.CeilOpen:
                return ParseEnclosed(TokenKind.CeilClose, NodeKind.Ceiling, absolute: false);
            case TokenKind.BeginMatrix:
                return ParseMatrix();
            case TokenKind.Infinity:
                Advance();
                return MathNode.Leaf(NodeKind.Infinity);
            case TokenKind.EmptySet:
                Advance();
                return MathNode.Group(NodeKind.Set, []);
            default:
                return Fail();
        }
    }

    private MathNode? ParseNumber(string text)
    {
        if (!TryParseNumber(text, out var value, out var isDecimal))
        {
            return Fail();
        }

        if (PeekKind() == TokenKind.Underscore)
        {
            return ParseBaseNumber(text, isDecimal);
        }

        var number = MathNode.Number(value, isDecimal);
        return isDecimal ? number : TryMixedNumber(number) ?? number;
    }

    /// <summary>"918\frac{1}{2}" and "3128 1/2" are mixed numbers, not products.</summary>
    private MathNode? TryMixedNumber(MathNode whole)
    {
        var start = _position;
        if (PeekKind() == TokenKind.Frac)
        {
            Advance();
            var numerator = ParseFractionArgument();
            var denominator = numerator is null ? null : ParseFractionArgument();
            if (!_failed && IsProperFraction(numerator, denominator))
            {
                return MathNode.Binary(NodeKind.Add, whole, MathNode.Binary(NodeKind.Divide, numerator!, denominator!));
            }

            _failed = false;
            _position = start;
            return null;
        }

        if (PeekKind() == TokenKind.Number && Peek().SpaceBefore && PeekKind(1) == TokenKind.Divide && PeekKind(2) == TokenKind.Number
            && IsTerminator(PeekKind(3))
            && TryParseNumber(Peek().Text, out var top, out var topDecimal) && !topDecimal
            && TryParseNumber(Peek(2).Text, out var bottom, out var bottomDecimal) && !bottomDecimal
            && IsProperFraction(MathNode.Number(top), MathNode.Number(bottom)))
        {
            Advance();
            Advance();
            Advance();
            return MathNode.Binary(NodeKind.Add, whole, MathNode.Binary(NodeKind.Divide, MathNode.Number(top), MathNode.Number(bottom)));
        }

        return null;
    }

    private static bool IsProperFraction(MathNode? numerator, MathNode? denominator) =>
        numerator is { Kind: NodeKind.Number, IsDecimal: false } && denominator is { Kind: NodeKind.Number, IsDecimal: false }
        && numerator.Value.Sign > 0 && numerator.Value < denominator.Value;

    /// <summary>"204_5", "1112122_3": digits in the base of the subscript.</summary>
    private MathNode? ParseBaseNumber(string digits, bool isDecimal)
    {
        Advance();
        var subscript = ReadSubscript();
        if (isDecimal || subscript is null || !int.TryParse(subscript, NumberStyles.None, CultureInfo.InvariantCulture, out var radix)
            || radix is < 2 or > 36 || digits.Length > 256)
        {
            return Fail();
        }

        var value = BigInteger.Zero;
        foreach (var c in digits)
        {
            var digit = c - '0';
            if (digit >= radix)
            {
                return Fail();
            }

            value = (value * radix) + digit;
        }

        return MathNode.Number(Rational.FromInteger(value));
    }

    private MathNode? ParseIdentifier(string name)
    {
        if (PeekKind() == TokenKind.Underscore)
        {
            Advance();
            var subscript = ReadSubscript();
            if (subscript is null)
            {
                return Fail();
            }

            name = name + "_" + subscript;
        }

        return name switch
        {
            "π" => MathNode.Leaf(NodeKind.Pi),
            "e" => MathNode.Leaf(NodeKind.Euler),
            _ => MathNode.Variable(name),
        };
    }

    /// <summary>The text of a subscript: one token, or the tokens of a braced group.</summary>
    private string? ReadSubscript()
    {
        if (PeekKind() != TokenKind.LeftBrace)
        {
            var single = Peek();
            if (single.Kind is not (TokenKind.Number or TokenKind.Identifier or TokenKind.Word))
            {
                return null;
            }

            Advance();
            return single.Text;
        }

        Advance();
        var builder = new StringBuilder();
        var depth = 1;
        while (PeekKind() != TokenKind.End)
        {
            var token = Peek();
            Advance();
            if (token.Kind == TokenKind.LeftBrace)
            {
                depth++;
            }
            else if (token.Kind == TokenKind.RightBrace && --depth == 0)
            {
                return builder.ToString();
            }

            builder.Append(token.Text.Length > 0 ? token.Text : token.Op != '\0' ? token.Op.ToString() : token.Kind.ToString());
        }

        return null;
    }

    private MathNode? ParseFunction(string name)
    {
        MathNode? power = null;
        MathNode? logBase = null;
        if (PeekKind() == TokenKind.Caret)
        {
            Advance();
            power = PeekKind() == TokenKind.LeftBrace ? ParseBraceGroup() : ParsePostfix();
            if (power is null)
            {
                return null;
            }
        }

        if (PeekKind() == TokenKind.Underscore)
        {
            Advance();
            logBase = PeekKind() == TokenKind.LeftBrace ? ParseBraceGroup() : ParsePostfix();
            if (logBase is null)
            {
                return null;
            }
        }

        var argument = PeekKind() switch
        {
            TokenKind.LeftParen => ParseBracketed('('),
            TokenKind.LeftBrace => ParseBraceGroup(),
            _ => ParsePower(),
        };
        if (argument is null)
        {
            return null;
        }

        var function = MathNode.Function(name, argument, logBase);
        return power is null ? function : MathNode.Binary(NodeKind.Power, function, power);
    }

    /// <summary>A \frac or \binom argument: a braced group, or one digit of "\frac12", or one token.</summary>
    private MathNode? ParseFractionArgument()
    {
        var token = Peek();
        if (token.Kind == TokenKind.LeftBrace)
        {
            return ParseBraceGroup();
        }

        if (token.Kind == TokenKind.Number && token.Text.Length > 1 && char.IsAsciiDigit(token.Text[1]))
        {
            // "\frac12": the first digit is this argument, the rest stays for the next one.
            _tokens[_position] = token with { Text = token.Text[1..], SpaceBefore = false };
            return MathNode.Number(Rational.FromInteger(token.Text[0] - '0'));
        }

        return ParsePostfix();
    }

    private MathNode? ParseRoot()
    {
        MathNode? index = null;
        if (PeekKind() == TokenKind.LeftBracket)
        {
            Advance();
            index = ParseSum();
            if (index is null || !Expect(TokenKind.RightBracket))
            {
                return Fail();
            }
        }

        var radicand = PeekKind() switch
        {
            TokenKind.LeftBrace => ParseBraceGroup(),
            TokenKind.LeftParen => ParseBracketed('('),
            _ => ParsePostfix(),
        };
        if (radicand is null)
        {
            return null;
        }

        return index is null ? MathNode.Unary(NodeKind.Root, radicand) : MathNode.Binary(NodeKind.Root, radicand, index);
    }

    private MathNode? ParseBracketed(char open)
    {
        Advance();
        var items = ParseItems();
        if (items is null)
        {
            return null;
        }

        var closer = PeekKind();
        if (closer is not (TokenKind.RightParen or TokenKind.RightBracket))
        {
            return Fail();
        }

        Advance();
        var close = closer == TokenKind.RightParen ? ')' : ']';
        if (items.Count == 1)
        {
            // A single item in matching delimiters is grouping; "(1]" is nothing.
            return (open == '(') == (close == ')') ? items[0] : Fail();
        }

        return MathNode.Bracket(open, close, [.. items]);
    }

    private MathNode? ParseBraceGroup()
    {
        Advance();
        if (PeekKind() == TokenKind.RightBrace)
        {
            Advance();
            return MathNode.Group(NodeKind.Set, []);
        }

        var items = ParseItems();
        if (items is null || !Expect(TokenKind.RightBrace))
        {
            return Fail();
        }

        return items.Count == 1 ? items[0] : MathNode.Group(NodeKind.Set, [.. items]);
    }

    private MathNode? ParseSet()
    {
        Advance();
        if (PeekKind() == TokenKind.SetClose)
        {
            Advance();
            return MathNode.Group(NodeKind.Set, []);
        }

        var items = ParseItems();
        return items is null || !Expect(TokenKind.SetClose) ? Fail() : MathNode.Group(NodeKind.Set, [.. items]);
    }

    /// <summary>Items separated by commas or semicolons, up to (not including) a closing delimiter.</summary>
    private List<MathNode>? ParseItems()
    {
        var items = new List<MathNode>();
        while (true)
        {
            var item = ParseItem();
            if (item is null)
            {
                return null;
            }

            items.Add(item);
            if (PeekKind() is not (TokenKind.Comma or TokenKind.Semicolon))
            {
                return items;
            }

            Advance();
        }
    }

    private MathNode? ParseEnclosed(TokenKind closer, NodeKind kind, bool absolute)
    {
        Advance();
        if (absolute)
        {
            _absDepth++;
        }

        var inner = ParseSum();
        if (absolute)
        {
            _absDepth--;
        }

        return inner is null || !Expect(closer) ? Fail() : MathNode.Unary(kind, inner);
    }

    private MathNode? ParseMatrix()
    {
        Advance();
        var rows = new List<MathNode>();
        var cells = new List<MathNode>();
        while (!_failed)
        {
            switch (PeekKind())
            {
                case TokenKind.EndMatrix:
                    Advance();
                    if (cells.Count > 0)
                    {
                        rows.Add(MathNode.Group(NodeKind.Row, [.. cells]));
                    }

                    return rows.Count > 0 && rows.TrueForAll(r => r.Children.Length == rows[0].Children.Length)
                        ? MathNode.Group(NodeKind.Matrix, [.. rows])
                        : Fail();
                case TokenKind.RowSeparator:
                    Advance();
                    if (cells.Count > 0)
                    {
                        rows.Add(MathNode.Group(NodeKind.Row, [.. cells]));
                        cells = [];
                    }

                    break;
                case TokenKind.ColumnSeparator:
                    Advance();
                    break;
                default:
                    var cell = ParseSum();
                    if (cell is null)
                    {
                        return null;
                    }

                    cells.Add(cell);
                    if (PeekKind() is not (TokenKind.ColumnSeparator or TokenKind.RowSeparator or TokenKind.EndMatrix))
                    {
                        return Fail();
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>Digits with an optional point and exponent ("12", "0.5", "1.5e-3"), or a repeating decimal ("0.1r6"), as an exact rational.</summary>
    public static bool TryParseNumber(string text, out Rational value, out bool isDecimal)
    {
        isDecimal = text.Contains('.') || text.Contains('e');
        if (text.Contains(RepeatingDecimal.Marker))
        {
            return RepeatingDecimal.TryParse(text, out value);
        }

        var e = text.IndexOf('e');
        var mantissa = e < 0 ? text : text[..e];
        if (!Rational.TryParseDecimal(mantissa, out value))
        {
            return false;
        }

        if (e < 0)
        {
            return true;
        }

        if (!int.TryParse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
            || Math.Abs(exponent) > MaxExponentDigits)
        {
            return false;
        }

        value *= Rational.FromInteger(10).Pow(exponent);
        return true;
    }
}
