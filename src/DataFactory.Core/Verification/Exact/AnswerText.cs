using System.Text;

namespace DataFactory.Core.Verification.Exact;

/// <summary>
/// Normalises a free-text answer for comparison. Linear in the text length: a bounded number of
/// unwrapping passes, each one scan. No Unicode normalisation: the build runs with invariant
/// globalization, where it is not available.
/// </summary>
internal static class AnswerText
{
    private const int MaxUnwrapPasses = 8;

    private static readonly string[] TextCommands =
        [@"\text", @"\textbf", @"\textit", @"\textrm", @"\texttt", @"\mathrm", @"\mathbf", @"\mathit", @"\mbox", @"\emph"];

    private static readonly (string Open, string Close)[] MarkupPairs =
        [("$$", "$$"), ("$", "$"), (@"\(", @"\)"), (@"\[", @"\]"), ("**", "**"), ("__", "__"), ("`", "`")];

    private static readonly (string Open, string Close)[] QuotePairs =
        [("\"", "\""), ("'", "'"), ("\u201C", "\u201D"), ("\u2018", "\u2019"), ("\u00AB", "\u00BB")];

    private static readonly char[] TrailingPunctuation = ['.', ',', ';', ':', '!', '?', '\u3002'];

    public static string Normalize(string text, ExactMatchOptions options)
    {
        var current = text.Trim();
        for (var pass = 0; pass < MaxUnwrapPasses; pass++)
        {
            var next = current;
            if (options.TrimPunctuation)
            {
                next = next.TrimEnd(TrailingPunctuation).TrimEnd();
                next = StripPair(next, QuotePairs);
            }

            if (options.UnwrapMarkup)
            {
                next = StripPair(next, MarkupPairs);
                next = StripTextCommand(next);
            }

            if (next.Length == current.Length)
            {
                break;
            }

            current = next;
        }

        if (options.CollapseWhitespace)
        {
            current = Collapse(current);
        }

        return options.CaseSensitive ? current : current.ToLowerInvariant();
    }

    private static string StripPair(string text, (string Open, string Close)[] pairs)
    {
        foreach (var (open, close) in pairs)
        {
            if (text.Length >= open.Length + close.Length
                && text.StartsWith(open, StringComparison.Ordinal)
                && text.EndsWith(close, StringComparison.Ordinal))
            {
                return text[open.Length..^close.Length].Trim();
            }
        }

        return text;
    }

    private static string StripTextCommand(string text)
    {
        if (!text.EndsWith('}'))
        {
            return text;
        }

        foreach (var command in TextCommands)
        {
            if (text.StartsWith(command, StringComparison.Ordinal)
                && text.Length > command.Length
                && text[command.Length] == '{'
                && ClosingBrace(text, command.Length) == text.Length - 1)
            {
                return text[(command.Length + 1)..^1].Trim();
            }
        }

        return text;
    }

    private static int ClosingBrace(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
