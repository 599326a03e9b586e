using System.Text;

namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Turns an answer (plain text or LaTeX) into tokens in one forward pass. Formatting commands are
/// dropped, font and text commands are read through, thousands separators are folded into numbers.
/// Returns null when the answer holds more tokens than <see cref="MaxTokens"/> or nests text commands
/// too deeply, so every answer is lexed in bounded time.
/// </summary>
internal static class MathLexer
{
    private const int MaxTokens = 4_000;
    private const int MaxDepth = 8;

    /// <summary>The tokens of <paramref name="text"/>, ending with <see cref="TokenKind.End"/>, or null.</summary>
    public static List<Token>? Lex(string text)
    {
        var tokens = new List<Token>(Math.Min(text.Length, 64) + 1);
        var source = DecimalComma.Apply(text);
        if (!Lex(source, 0, source.Length, tokens, 0))
        {
            return null;
        }

        tokens.Add(new Token(TokenKind.End));
        return tokens;
    }

    private static bool Lex(string s, int start, int end, List<Token> tokens, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        var space = false;
        var i = start;
        while (i < end)
        {
            if (tokens.Count > MaxTokens)
            {
                return false;
            }

            var c = s[i];
            if (char.IsWhiteSpace(c) || c is '~' or '$' or '"' or '`')
            {
                space = true;
                i++;
                continue;
            }

            var before = tokens.Count;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < end && char.IsAsciiDigit(s[i + 1])))
            {
                i = ReadNumber(s, i, end, tokens, space);
            }
            else if (c == '\\')
            {
                if (!ReadCommand(s, ref i, end, tokens, depth, space))
                {
                    return false;
                }
            }
            else if (char.IsAsciiLetter(c))
            {
                i = ReadLetters(s, i, end, tokens, space);
            }
            else if (char.IsLetter(c) && !IsSymbolLetter(c))
            {
                var stop = i;
                while (stop < end && char.IsLetter(s[stop]) && !IsSymbolLetter(s[stop]))
                {
                    stop++;
                }

                tokens.Add(new Token(TokenKind.Word, s[i..stop], SpaceBefore: space));
                i = stop;
            }
            else
            {
                i = ReadSymbol(s, i, end, tokens, space);
            }

            space = tokens.Count == before && space;
        }

        return true;
    }

    private static bool IsSymbolLetter(char c) => c is 'π';

    private static int ReadNumber(string s, int i, int end, List<Token> tokens, bool space)
    {
        var digits = new StringBuilder();
        var start = i;
        while (i < end && char.IsAsciiDigit(s[i]))
        {
            digits.Append(s[i++]);
        }

        // Thousands groups: "1,000", "1{,}000", "1,\!000", "1\,000", "1 000"; only after a 1-3 digit lead.
        if (digits.Length is > 0 and <= 3 && digits[0] != '0')
        {
            while (TryThousandsGroup(s, i, end, out var groupStart, out var next))
            {
                digits.Append(s, groupStart, next - groupStart);
                i = next;
            }
        }

        if (i + 1 < end && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
        {
            digits.Append('.');
            i++;
            while (i < end && char.IsAsciiDigit(s[i]))
            {
                digits.Append(s[i++]);
            }
        }

        // Scientific notation: 1.5e-3, 2E10 (only with digits after the e).
        if (i + 1 < end && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < end && s[j] is '+' or '-')
            {
                j++;
            }

            if (j < end && char.IsAsciiDigit(s[j]) && (j + 1 >= end || !char.IsAsciiLetter(s[j + 1]) || j - i > 1))
            {
                digits.Append('e');
                if (s[i + 1] == '-')
                {
                    digits.Append('-');
                }

                i = j;
                while (i < end && char.IsAsciiDigit(s[i]))
                {
                    digits.Append(s[i++]);
                }
            }
        }

        // "0.(3)", "0.\overline{3}", "0.\dot{3}": a repeating part after the digits (not after an exponent).
        if (i < end && s[i] is '.' or '(' or '\\' && !HasExponent(digits))
        {
            i = RepeatingDecimal.TryRead(s, i, end, digits);
        }

        tokens.Add(new Token(TokenKind.Number, i == start ? "0" : digits.ToString(), SpaceBefore: space));
        return i;
    }

    private static bool HasExponent(StringBuilder digits)
    {
        for (var k = 0; k < digits.Length; k++)
        {
            if (digits[k] == 'e')
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryThousandsGroup(string s, int i, int end, out int groupStart, out int next)
    {
        next = i;
        groupStart = i;
        var j = i;

        // "{,}" and ",\!" exist only to typeset digit groups, so they also allow 2-digit (Indian) groups.
        var typeset = false;
        if (j < end && s[j] == ',')
        {
            j++;
            if (j + 1 < end && s[j] == '\\' && s[j + 1] == '!')
            {
                typeset = true;
                j += 2;
                while (j < end && s[j] == ' ')
                {
                    j++;
                }
            }
        }
        else if (TryBracedComma(s, j, end, out var afterBrace))
        {
            typeset = true;
            j = afterBrace;
        }
        else if (j + 1 < end && s[j] == '\\' && s[j + 1] is ',' or '!' or ' ')
        {
            j += 2;
        }
        else if (j < end && s[j] == ' ')
        {
            j++;
        }
        else
        {
            return false;
        }

        var digits = 0;
        while (j + digits < end && char.IsAsciiDigit(s[j + digits]) && digits < 4)
        {
            digits++;
        }

        if (!(digits == 3 || (typeset && digits == 2)))
        {
            return false;
        }

        if (j + digits < end && s[i] == ' ' && s[j + digits] is '/' or '.')
        {
            return false;
        }

        groupStart = j;
        next = j + digits;
        return true;
    }

    /// <summary>"{,}" or "{, }", optionally after one space ("14 {, }916").</summary>
    private static bool TryBracedComma(string s, int i, int end, out int next)
    {
        next = i;
        var j = i;
        if (j < end && s[j] == ' ')
        {
            j++;
        }

        if (j + 2 >= end || s[j] != '{' || s[j + 1] != ',')
        {
            return false;
        }

        j += 2;
        while (j < end && s[j] == ' ')
        {
            j++;
        }

        if (j >= end || s[j] != '}')
        {
            return false;
        }

        next = j + 1;
        return true;
    }

    private static int ReadLetters(string s, int i, int end, List<Token> tokens, bool space)
    {
        var stop = i;
        while (stop < end && char.IsAsciiLetter(s[stop]))
        {
            stop++;
        }

        var word = s[i..stop];
        if (word.Length == 1)
        {
            tokens.Add(new Token(TokenKind.Identifier, word, SpaceBefore: space));
        }
        else if (LatexCommands.Connectors.Contains(word))
        {
            tokens.Add(new Token(TokenKind.Connector, word, SpaceBefore: space));
        }
        else if (LatexCommands.PercentWords.Contains(word))
        {
            tokens.Add(new Token(TokenKind.Percent, SpaceBefore: space));
        }
        else if (word is "pi")
        {
            tokens.Add(new Token(TokenKind.Identifier, "π", SpaceBefore: space));
        }
        else if (word is "sqrt")
        {
            tokens.Add(new Token(TokenKind.Sqrt, SpaceBefore: space));
        }
        else if (word is "inf" or "infty" or "infinity")
        {
            tokens.Add(new Token(TokenKind.Infinity, SpaceBefore: space));
        }
        else if (word is "degree" or "degrees" or "deg")
        {
            tokens.Add(new Token(TokenKind.Degree, SpaceBefore: space));
        }
        else if (LatexCommands.Functions.Contains(word))
        {
            tokens.Add(new Token(TokenKind.Function, word, SpaceBefore: space));
        }
        else if (word.Length == 2 && !LatexCommands.ShortUnits.Contains(word))
        {
            // "ab", "xy", "AB": a product of two variables.
            tokens.Add(new Token(TokenKind.Identifier, word[..1], SpaceBefore: space));
            tokens.Add(new Token(TokenKind.Identifier, word[1..]));
        }
        else
        {
            tokens.Add(new Token(TokenKind.Word, word, SpaceBefore: space));
        }

        return stop;
    }

    private static bool ReadCommand(string s, ref int i, int end, List<Token> tokens, int depth, bool space)
    {
        var nameStart = i + 1;
        if (nameStart >= end)
        {
            i = end;
            return true;
        }

        if (!char.IsAsciiLetter(s[nameStart]))
        {
            i = nameStart + 1;
            switch (s[nameStart])
            {
                case '\\':
                    tokens.Add(new Token(TokenKind.RowSeparator, SpaceBefore: space));
                    break;
                case '{':
                    tokens.Add(new Token(TokenKind.SetOpen, SpaceBefore: space));
                    break;
                case '}':
                    tokens.Add(new Token(TokenKind.SetClose, SpaceBefore: space));
                    break;
                case '%':
                    tokens.Add(new Token(TokenKind.Percent, SpaceBefore: space));
                    break;
                case '|':
                    tokens.Add(new Token(TokenKind.Bar, SpaceBefore: space));
                    break;
                default:
                    // \, \; \! \: \  \$ \( \) \[ \] and friends only format.
                    break;
            }

            return true;
        }

        var nameEnd = nameStart;
        while (nameEnd < end && char.IsAsciiLetter(s[nameEnd]))
        {
            nameEnd++;
        }

        var name = s[nameStart..nameEnd];
        i = nameEnd;
        return Command(s, name, ref i, end, tokens, depth, space);
    }

    private static bool Command(string s, string name, ref int i, int end, List<Token> tokens, int depth, bool space)
    {
        if (LatexCommands.Ignored.Contains(name))
        {
            // "\left." and "\right." are invisible delimiters.
            if (name is "left" or "right" && i < end && s[i] == '.')
            {
                i++;
            }

            return true;
        }

        if (LatexCommands.Named.TryGetValue(name, out var token))
        {
            tokens.Add(token with { SpaceBefore = space });
            return true;
        }

        if (LatexCommands.Functions.Contains(name))
        {
            tokens.Add(new Token(TokenKind.Function, name, SpaceBefore: space));
            return true;
        }

        if (LatexCommands.Transparent.Contains(name) || LatexCommands.Boxes.Contains(name))
        {
            if (!TryBracedArgument(s, i, end, out var open, out var close))
            {
                return true;
            }

            var box = LatexCommands.Boxes.Contains(name);
            if (box)
            {
                tokens.Add(new Token(TokenKind.LeftBrace, SpaceBefore: space));
            }

            if (!Lex(s, open + 1, close, tokens, depth + 1))
            {
                return false;
            }

            if (box)
            {
                tokens.Add(new Token(TokenKind.RightBrace));
            }

            i = close + 1;
            return true;
        }

        if (LatexCommands.DropArgument.Contains(name))
        {
            if (TryBracedArgument(s, i, end, out _, out var close))
            {
                i = close + 1;
            }

            return true;
        }

        if (name is "textcolor" or "colorbox")
        {
            if (TryBracedArgument(s, i, end, out _, out var close))
            {
                i = close + 1;
            }

            return true;
        }

        if (name is "begin" or "end")
        {
            return Environment(s, name, ref i, end, tokens, space);
        }

        if (name is "not")
        {
            return false;
        }

        return UnknownCommand(s, name, ref i, end, tokens, depth, space);
    }

    private static bool Environment(string s, string name, ref int i, int end, List<Token> tokens, bool space)
    {
        if (!TryBracedArgument(s, i, end, out var open, out var close))
        {
            return true;
        }

        var environment = s[(open + 1)..close].Trim().TrimEnd('*');
        i = close + 1;
        if (!LatexCommands.MatrixEnvironments.Contains(environment))
        {
            return true;
        }

        if (name == "end")
        {
            tokens.Add(new Token(TokenKind.EndMatrix, environment));
            return true;
        }

        // \begin{array}{cc}: the column specification is layout.
        if (environment == "array" && TryBracedArgument(s, i, end, out _, out var specClose))
        {
            i = specClose + 1;
        }

        tokens.Add(new Token(TokenKind.BeginMatrix, environment, SpaceBefore: space));
        return true;
    }

    private static bool UnknownCommand(string s, string name, ref int i, int end, List<Token> tokens, int depth, bool space)
    {
        // "\quadx", "\cdotx": a known command glued to letters.
        for (var length = name.Length - 1; length >= 2; length--)
        {
            var prefix = name[..length];
            if (LatexCommands.Ignored.Contains(prefix) || LatexCommands.Named.ContainsKey(prefix) || LatexCommands.Functions.Contains(prefix))
            {
                var rest = i;
                i -= name.Length - length;
                if (!Command(s, prefix, ref i, end, tokens, depth, space))
                {
                    return false;
                }

                // Command() may have consumed an argument; otherwise lex the glued letters.
                if (i < rest)
                {
                    i = ReadLetters(s, i, rest, tokens, false);
                }

                return true;
            }
        }

        tokens.Add(new Token(TokenKind.Identifier, "\\" + name, SpaceBefore: space));
        return true;
    }

    /// <summary>Finds the braced argument after optional spaces: the positions of its braces.</summary>
    public static bool TryBracedArgument(string s, int i, int end, out int open, out int close)
    {
        open = -1;
        close = -1;
        while (i < end && s[i] == ' ')
        {
            i++;
        }

        if (i >= end || s[i] != '{')
        {
            return false;
        }

        open = i;
        var depth = 0;
        for (var j = i; j < end; j++)
        {
            switch (s[j])
            {
                case '\\':
                    j++;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    if (depth == 0)
                    {
                        close = j;
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    private static int ReadSymbol(string s, int i, int end, List<Token> tokens, bool space)
    {
        var c = s[i];
        var next = i + 1 < end ? s[i + 1] : '\0';
        Token token;
        var length = 1;
        switch (c)
        {
            case '+': token = new(TokenKind.Plus); break;
            case '-' or '−' or '–': token = new(TokenKind.Minus); break;
            case '*' when next == '*': token = new(TokenKind.Caret); length = 2; break;
            case '*' or '×' or '·' or '⋅' or '∗': token = new(TokenKind.Times); break;
            case '/' or '÷': token = new(TokenKind.Divide); break;
            case '^': token = new(TokenKind.Caret); break;
            case '_': token = new(TokenKind.Underscore); break;
            case '!' when next == '=': token = new(TokenKind.Relation, Op: '≠'); length = 2; break;
            case '!': token = new(TokenKind.Bang); break;
            case '%': token = new(TokenKind.Percent); break;
            case '\'' or '’': token = new(TokenKind.Prime); break;
            case '°': token = new(TokenKind.Degree); break;
            case ',': token = new(TokenKind.Comma); break;
            case ';': token = new(TokenKind.Semicolon); break;
            case ':' when next == '=': token = new(TokenKind.Relation, Op: '='); length = 2; break;
            case ':': token = new(TokenKind.Colon); break;
            case '=' when next == '=': token = new(TokenKind.Relation, Op: '='); length = 2; break;
            case '=': token = new(TokenKind.Relation, Op: '='); break;
            case '<' when next == '=': token = new(TokenKind.Relation, Op: '≤'); length = 2; break;
            case '<': token = new(TokenKind.Relation, Op: '<'); break;
            case '>' when next == '=': token = new(TokenKind.Relation, Op: '≥'); length = 2; break;
            case '>': token = new(TokenKind.Relation, Op: '>'); break;
            case '≤' or '⩽': token = new(TokenKind.Relation, Op: '≤'); break;
            case '≥' or '⩾': token = new(TokenKind.Relation, Op: '≥'); break;
            case '≠': token = new(TokenKind.Relation, Op: '≠'); break;
            case '≈': token = new(TokenKind.Relation, Op: '≈'); break;
            case '∈': token = new(TokenKind.Relation, Op: '∈'); break;
            case '∪' or '∩' or '∖': token = new(TokenKind.SetOperator, Op: c); break;
            case '±': token = new(TokenKind.PlusMinus); break;
            case '∓': token = new(TokenKind.MinusPlus); break;
            case '∅': token = new(TokenKind.EmptySet); break;
            case '∞': token = new(TokenKind.Infinity); break;
            case 'π': token = new(TokenKind.Identifier, "π"); break;
            case '√': token = new(TokenKind.Sqrt); break;
            case '²': token = new(TokenKind.Caret); tokens.Add(token with { SpaceBefore = space }); token = new(TokenKind.Number, "2"); break;
            case '³': token = new(TokenKind.Caret); tokens.Add(token with { SpaceBefore = space }); token = new(TokenKind.Number, "3"); break;
            case '(': token = new(TokenKind.LeftParen); break;
            case ')': token = new(TokenKind.RightParen); break;
            case '[': token = new(TokenKind.LeftBracket); break;
            case ']': token = new(TokenKind.RightBracket); break;
            case '{': token = new(TokenKind.LeftBrace); break;
            case '}': token = new(TokenKind.RightBrace); break;
            case '|': token = new(TokenKind.Bar); break;
            case '&': token = new(TokenKind.ColumnSeparator); break;
            case '.': token = new(TokenKind.Dot); break;
            case '€' or '£' or '¥' or '₹' or '\u000C': return i + 1;
            default: token = new(TokenKind.Unknown, c.ToString()); break;
        }

        tokens.Add(token with { SpaceBefore = space });
        return i + length;
    }
}
