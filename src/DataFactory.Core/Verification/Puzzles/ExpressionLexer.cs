namespace DataFactory.Core.Verification.Puzzles;

/// <summary>
/// Splits a puzzle expression into tokens. Accepts ASCII and Unicode operators (× ÷ − · ⋅ ∗ ∕ –, and
/// x between operands), round, square and curly brackets, and the LaTeX a model writes around an
/// expression (<c>\times</c>, <c>\div</c>, <c>\cdot</c>, <c>\frac</c>, <c>\left</c>/<c>\right</c>,
/// spacing commands, <c>$</c> and math delimiters). Anything else is an error, so that an expression
/// with a variable or a function never passes.
/// </summary>
internal static class ExpressionLexer
{
    /// <summary>The longest number literal accepted; longer ones are not puzzle numbers.</summary>
    public const int MaxNumberLength = 40;

    public static bool TryTokenize(string text, List<Token> tokens, out string error)
    {
        error = string.Empty;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c == '$')
            {
                i++;
                continue;
            }

            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i;
                var seenDot = false;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || (text[i] == '.' && !seenDot)))
                {
                    seenDot |= text[i] == '.';
                    i++;
                }

                if (i - start > MaxNumberLength)
                {
                    error = $"number at position {start + 1} is too long";
                    return false;
                }

                tokens.Add(new Token(TokenKind.Number, start, text[start..i]));
                continue;
            }

            if (c == '\\')
            {
                if (!TryLexCommand(text, ref i, tokens, out error))
                {
                    return false;
                }

                continue;
            }

            var kind = Classify(c, text, i);
            if (kind is null)
            {
                error = $"unexpected '{Printable(c)}' at position {i + 1}";
                return false;
            }

            tokens.Add(new Token(kind.Value, i, c.ToString()));
            i++;
        }

        tokens.Add(new Token(TokenKind.End, text.Length, string.Empty));
        return true;
    }

    private static TokenKind? Classify(char c, string text, int i) => c switch
    {
        '+' => TokenKind.Plus,
        '-' or '\u2212' or '\u2013' => TokenKind.Minus,
        '*' or '\u00D7' or '\u00B7' or '\u22C5' or '\u2217' => TokenKind.Times,
        // "3 x 8": x is a times sign only between operands; a variable x is still rejected by the parser.
        'x' or 'X' when IsBetweenOperands(text, i) => TokenKind.Times,
        '/' or '\u00F7' or '\u2215' => TokenKind.Divide,
        '(' or '[' or '{' => TokenKind.Open,
        ')' or ']' or '}' => TokenKind.Close,
        _ => null,
    };

    private static bool IsBetweenOperands(string text, int i)
    {
        var before = i - 1;
        while (before >= 0 && text[before] == ' ')
        {
            before--;
        }

        var after = i + 1;
        while (after < text.Length && text[after] == ' ')
        {
            after++;
        }

        return before >= 0 && after < text.Length
            && (char.IsAsciiDigit(text[before]) || text[before] is ')' or ']')
            && (char.IsAsciiDigit(text[after]) || text[after] is '(' or '[' or '.');
    }

    private static bool TryLexCommand(string text, ref int i, List<Token> tokens, out string error)
    {
        error = string.Empty;
        var start = i;
        i++;
        if (i >= text.Length)
        {
            error = $"unexpected '\\' at position {start + 1}";
            return false;
        }

        var next = text[i];
        if (next is '{' or '}')
        {
            tokens.Add(new Token(next == '{' ? TokenKind.Open : TokenKind.Close, start, next.ToString()));
            i++;
            return true;
        }

        if (next is ',' or ';' or ':' or '!' or ' ' or '(' or ')' or '[' or ']')
        {
            // Spacing commands and the \( \) \[ \] math delimiters carry no arithmetic.
            i++;
            return true;
        }

        var nameStart = i;
        while (i < text.Length && char.IsAsciiLetter(text[i]) && i - nameStart < 16)
        {
            i++;
        }

        switch (text[nameStart..i])
        {
            case "times" or "cdot" or "ast":
                tokens.Add(new Token(TokenKind.Times, start, "*"));
                return true;
            case "div":
                tokens.Add(new Token(TokenKind.Divide, start, "/"));
                return true;
            case "frac" or "dfrac" or "tfrac":
                tokens.Add(new Token(TokenKind.Fraction, start, @"\frac"));
                return true;
            case "left" or "right" or "bigl" or "bigr" or "Bigl" or "Bigr" or "big" or "Big" or "quad" or "qquad":
                return true;
            case "":
                error = $"unexpected '\\{Printable(next)}' at position {start + 1}";
                return false;
            case var name:
                error = $"unsupported command \\{name} at position {start + 1}";
                return false;
        }
    }

    private static string Printable(char c) => char.IsSurrogate(c) || char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString();
}
