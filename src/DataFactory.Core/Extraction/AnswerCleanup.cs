namespace DataFactory.Core.Extraction;

/// <summary>Tidies an answer taken from after a marker: sign-off, trailing period, math delimiters.</summary>
internal static class AnswerCleanup
{
    private static readonly string[] SignOffs = ["I hope it is correct", "I hope this is correct", "<|"];

    /// <summary>Returns the answer without decoration, or an empty string when nothing is left.</summary>
    public static string Clean(string value)
    {
        var text = value.AsSpan();
        foreach (var signOff in SignOffs)
        {
            var at = text.IndexOf(signOff, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                text = text[..at];
            }
        }

        // Each pass removes at least one character, so this ends; a few passes cover "$5$.**".
        for (var pass = 0; pass < 8; pass++)
        {
            var before = text.Length;
            text = text.Trim().Trim('*').Trim();
            if (text.Length > 0 && text[^1] is '.' or ',' or ';' or '!')
            {
                text = text[..^1];
            }

            text = StripDelimiters(text.Trim());
            if (text.Length == before)
            {
                break;
            }
        }

        return text.ToString();
    }

    private static ReadOnlySpan<char> StripDelimiters(ReadOnlySpan<char> text)
    {
        if (text.Length >= 4 && text.StartsWith("$$") && text.EndsWith("$$"))
        {
            return text[2..^2];
        }

        if (text.Length >= 4 && ((text.StartsWith(@"\(") && text.EndsWith(@"\)")) || (text.StartsWith(@"\[") && text.EndsWith(@"\]"))))
        {
            return text[2..^2];
        }

        if (text.Length >= 2 && text[0] == '$' && text[^1] == '$' && text[1..^1].IndexOf('$') < 0)
        {
            return text[1..^1];
        }

        // A lone leading '$' is a currency sign ("$26"), a lone trailing one a closing delimiter.
        if (text.Length >= 2 && text.Count('$') == 1 && (text[0] == '$' || text[^1] == '$'))
        {
            return text[0] == '$' ? text[1..] : text[..^1];
        }

        return text;
    }
}
