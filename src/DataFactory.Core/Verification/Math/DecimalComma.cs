namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Reads a lone "1,22" or "1000,99" as a decimal comma. Only an answer that is exactly one number
/// with one comma qualifies, and not when the comma could separate thousands ("1,000") or a list of
/// one-digit items ("1,2").
/// </summary>
internal static class DecimalComma
{
    /// <summary>The answer with its decimal comma made a point, or the answer unchanged.</summary>
    public static string Apply(string text)
    {
        var span = text.AsSpan().Trim().Trim('$').Trim();
        if (span.Length is < 3 or > 64)
        {
            return text;
        }

        var body = span[0] == '-' ? span[1..] : span;
        var comma = body.IndexOf(',');
        if (comma <= 0 || comma == body.Length - 1)
        {
            return text;
        }

        var whole = body[..comma];
        var fraction = body[(comma + 1)..];
        if (!AllDigits(whole) || !AllDigits(fraction) || fraction.Length < 2)
        {
            return text;
        }

        var thousands = whole.Length <= 3 && whole[0] != '0' && fraction.Length == 3;
        if (thousands)
        {
            return text;
        }

        return string.Concat(span[..(span.Length - body.Length)], whole, ".", fraction);
    }

    private static bool AllDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
