namespace DataFactory.Core.Extraction;

/// <summary>
/// Finds the last number in a text (sign, thousands commas, decimals, a simple <c>a/b</c> fraction,
/// a trailing percent) and, when it sits inside an inline math span on its line, that whole span.
/// One backward scan plus a scan of one line: linear.
/// </summary>
internal static class LastNumber
{
    // A math span longer than this is a derivation, not an answer.
    private const int MaxSpanLength = 400;

    /// <summary>The last number, or the inline math span around it; null when the text has no digit.</summary>
    public static string? Find(string text)
    {
        var last = -1;
        var start = -1;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                continue;
            }

            last = i;
            start = last;
            while (start > 0 && IsNumberPart(text, start - 1))
            {
                start--;
            }

            // "AZYUK2A", "x2": digits glued to a word are not a stated number.
            if (start == 0 || !char.IsAsciiLetter(text[start - 1]))
            {
                break;
            }

            last = -1;
            i = start;
        }

        if (last < 0)
        {
            return null;
        }

        while (start < last && !char.IsAsciiDigit(text[start]) && text[start] != '.')
        {
            start++;
        }

        if (start > 0 && text[start - 1] == '-' && (start < 2 || !char.IsLetterOrDigit(text[start - 2])))
        {
            start--;
        }

        var end = last + 1;
        if (end < text.Length && text[end] == '%')
        {
            end++;
        }
        else if (end + 1 < text.Length && text[end] == '\\' && text[end + 1] == '%')
        {
            end += 2;
        }

        return MathSpanAround(text, start, end) ?? text[start..end];
    }

    private static bool IsNumberPart(string text, int i)
    {
        var c = text[i];
        if (char.IsAsciiDigit(c))
        {
            return true;
        }

        // Separators count only between digits: "1,000.5", "2/3"; not the comma of "3, 4".
        return c is ',' or '.' or '/'
            && i > 0 && char.IsAsciiDigit(text[i - 1])
            && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]);
    }

    private static string? MathSpanAround(string text, int start, int end)
    {
        var lineStart = start == 0 ? 0 : text.LastIndexOf('\n', start - 1) + 1;
        var lineEnd = text.IndexOf('\n', end);
        if (lineEnd < 0)
        {
            lineEnd = text.Length;
        }

        var dollarsBefore = 0;
        var open = -1;
        for (var i = lineStart; i < start; i++)
        {
            if (text[i] == '$' && (i == 0 || text[i - 1] != '\\'))
            {
                // "$$" opens or closes a display span: one delimiter.
                if (i + 1 < start && text[i + 1] == '$')
                {
                    i++;
                }

                dollarsBefore++;
                open = i;
            }
        }

        if (dollarsBefore % 2 == 1)
        {
            var close = text.IndexOf('$', end, lineEnd - end);
            while (close > 0 && text[close - 1] == '\\')
            {
                close = close + 1 < lineEnd ? text.IndexOf('$', close + 1, lineEnd - close - 1) : -1;
            }

            if (close > open && close - open <= MaxSpanLength)
            {
                var span = text[(open + 1)..close].Trim();
                return span.Length > 0 ? span : null;
            }
        }

        var before = text.AsSpan(lineStart, start - lineStart);
        var parenOpen = before.LastIndexOf(@"\(", StringComparison.Ordinal);
        if (parenOpen >= 0)
        {
            var closedBefore = before[parenOpen..].IndexOf(@"\)", StringComparison.Ordinal);
            parenOpen += lineStart;
            var close = text.IndexOf(@"\)", end, lineEnd - end, StringComparison.Ordinal);
            if (closedBefore < 0 && close > 0 && close - parenOpen <= MaxSpanLength)
            {
                var span = text[(parenOpen + 2)..close].Trim();
                return span.Length > 0 ? span : null;
            }
        }

        return null;
    }
}
