namespace DataFactory.Core.Steps.Arithmetic;

/// <summary>
/// Splits one line of a trace into the tokens arithmetic claims are made of: numbers (integers,
/// decimals, thousands groups such as 1,000), + − × ÷ ^ and their LaTeX and Unicode forms,
/// brackets, <c>\frac</c>, '=' (not part of ==, &lt;=, &gt;=, !=, :=, =&gt;), words and any other
/// character. One forward pass; nothing is evaluated here.
/// </summary>
internal static class ClaimLexer
{
    private const char Invisible = '\u0001';

    public static void Lex(string text, int start, int end, List<ClaimToken> tokens)
    {
        var space = true;
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '$' or '&' || char.IsWhiteSpace(c))
            {
                space = true;
                i++;
                continue;
            }

            var tokenStart = i;
            ClaimTokenKind kind;
            var symbol = '\0';
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < end && char.IsAsciiDigit(text[i + 1])))
            {
                i = ReadNumber(text, i, end);
                kind = ClaimTokenKind.Number;
            }
            else if (char.IsLetter(c))
            {
                while (i < end && char.IsLetter(text[i]))
                {
                    i++;
                }

                // "3 x 4", "3x4": x between numbers is a times sign; "2x" and "x + 1" keep a variable.
                kind = i - tokenStart == 1 && c is 'x' or 'X' && IsTimesX(text, tokenStart, end, tokens)
                    ? ClaimTokenKind.Times
                    : ClaimTokenKind.Word;
            }
            else if (c == '\\')
            {
                kind = ReadCommand(text, ref i, end, out symbol);
                if (kind == ClaimTokenKind.Other && symbol is ' ' or Invisible)
                {
                    // Spacing (\, \; \! \quad) is white space; \left and \right are nothing: "\frac{1}{4}\left(" is a product.
                    space |= symbol == ' ';
                    continue;
                }
            }
            else
            {
                i++;
                kind = c switch
                {
                    '+' => ClaimTokenKind.Plus,
                    '-' when i < end && text[i] == '>' => ClaimTokenKind.Other,
                    '-' or '\u2212' or '\u2013' => ClaimTokenKind.Minus,
                    '*' when i < end && text[i] == '*' => PowerOrBold(text, tokenStart, end, ref i),
                    '*' or '\u00D7' or '\u00B7' or '\u22C5' or '\u2217' => ClaimTokenKind.Times,
                    '/' when i < end && text[i] == '/' => ClaimTokenKind.Other,
                    '/' or '\u00F7' or '\u2215' => ClaimTokenKind.Divide,
                    '^' => ClaimTokenKind.Power,
                    '(' or '[' => ClaimTokenKind.Open,
                    ')' or ']' => ClaimTokenKind.Close,
                    '{' => ClaimTokenKind.OpenBrace,
                    '}' => ClaimTokenKind.CloseBrace,
                    '=' when IsEquals(text, tokenStart, start, end) => ClaimTokenKind.Equals,
                    _ => ClaimTokenKind.Other,
                };
                if (kind == ClaimTokenKind.Other)
                {
                    symbol = c;
                    if (c is '/' or '-')
                    {
                        // "//" (integer division in code) and "->" (an arrow) are one symbol each.
                        i++;
                    }
                }
            }

            tokens.Add(new ClaimToken(kind, tokenStart, i, space, symbol));
            space = false;
        }
    }

    /// <summary>Digits with thousands groups ("12,345" only with groups of exactly three) and one decimal point.</summary>
    private static int ReadNumber(string text, int i, int end)
    {
        var start = i;
        while (i < end && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i - start is > 0 and <= 3 && text[start] != '0')
        {
            // Thousands groups: "1,000", and in LaTeX "1,\!000", "1{,}000", "1\,000".
            while (GroupSeparator(text, i, end) is var width and > 0 && i + width + 2 < end
                && char.IsAsciiDigit(text[i + width]) && char.IsAsciiDigit(text[i + width + 1]) && char.IsAsciiDigit(text[i + width + 2])
                && (i + width + 3 >= end || !char.IsAsciiDigit(text[i + width + 3])))
            {
                i += width + 3;
            }
        }

        if (i + 1 < end && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            while (i < end && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        return i;
    }

    private static int GroupSeparator(string text, int i, int end)
    {
        var rest = text.AsSpan(i, end - i);
        return rest.StartsWith(",\\!") || rest.StartsWith("{,}") ? 3 : rest.StartsWith("\\,") ? 2 : rest.StartsWith(",") ? 1 : 0;
    }

    private static bool IsTimesX(string text, int at, int end, List<ClaimToken> tokens)
    {
        if (tokens.Count == 0 || tokens[^1].Kind is not (ClaimTokenKind.Number or ClaimTokenKind.Close))
        {
            return false;
        }

        var next = at + 1;
        while (next < end && text[next] == ' ')
        {
            next++;
        }

        return next < end && char.IsAsciiDigit(text[next]) && (next == at + 1) == (tokens[^1].End == at);
    }

    /// <summary>"2**3" is a power (Python); "**bold**" is Markdown.</summary>
    private static ClaimTokenKind PowerOrBold(string text, int at, int end, ref int i)
    {
        i++;
        var before = at > 0 ? text[at - 1] : ' ';
        var after = at + 2 < end ? text[at + 2] : ' ';
        return (char.IsAsciiDigit(before) || before == ')') && (char.IsAsciiDigit(after) || after == '(')
            ? ClaimTokenKind.Power
            : ClaimTokenKind.Other;
    }

    private static bool IsEquals(string text, int at, int lineStart, int end)
    {
        var before = at > lineStart ? text[at - 1] : ' ';
        var after = at + 1 < end ? text[at + 1] : ' ';
        return before is not ('=' or '<' or '>' or '!' or ':' or '\u2264' or '\u2265') && after is not ('=' or '>' or '<');
    }

    /// <summary>
    /// A LaTeX command: an operator, \frac, spacing (returned as Other ' ', which the caller drops), a
    /// line break \\ (Other '\\'), an escaped symbol (Other), or a word such as \sqrt, \pi, \text, \approx.
    /// </summary>
    private static ClaimTokenKind ReadCommand(string text, ref int i, int end, out char symbol)
    {
        symbol = '\\';
        i++;
        if (i >= end)
        {
            return ClaimTokenKind.Other;
        }

        var next = text[i];
        if (!char.IsAsciiLetter(next))
        {
            i++;
            switch (next)
            {
                case ',' or ';' or '!' or ':' or ' ' or '>' or '$':
                    symbol = ' ';
                    return ClaimTokenKind.Other;
                case '(' or '[' or ')' or ']':
                    // \( \) \[ \] delimit math; they bracket nothing.
                    symbol = ' ';
                    return ClaimTokenKind.Other;
                default:
                    symbol = next;
                    return ClaimTokenKind.Other;
            }
        }

        var nameStart = i;
        while (i < end && char.IsAsciiLetter(text[i]) && i - nameStart < 24)
        {
            i++;
        }

        switch (text.AsSpan(nameStart, i - nameStart))
        {
            case "times" or "cdot" or "ast":
                return ClaimTokenKind.Times;
            case "div":
                return ClaimTokenKind.Divide;
            case "frac" or "dfrac" or "tfrac":
                return ClaimTokenKind.Fraction;
            case "left" or "right" or "bigl" or "bigr" or "Bigl" or "Bigr" or "big" or "Big" or "displaystyle":
                if (i < end && text[i] == '.')
                {
                    i++;
                }

                symbol = Invisible;
                return ClaimTokenKind.Other;
            case "quad" or "qquad":
                symbol = ' ';
                return ClaimTokenKind.Other;
            default:
                return ClaimTokenKind.Word;
        }
    }
}
