namespace DataFactory.Core.Extraction;

/// <summary>
/// Finds answers stated after explicit markers ("Final answer: X", "The answer is X", "#### X",
/// "A: X", a "# Answer" heading). Every search is a bounded number of ordinal scans from the end, so
/// the cost is linear in the text length whatever the text holds.
/// </summary>
internal static class AnswerMarkers
{
    // How many earlier occurrences of a marker are tried when the last one states nothing.
    private const int MaxAttempts = 16;

    /// <summary>The last "final answer: X" / "final answer is X" (X may sit on the next line).</summary>
    public static MarkerMatch? LastFinalAnswer(string text) => LastPhrase(text, "final answer", allowNextLine: true);

    /// <summary>The last "answer is X" / "answer: X" (covers "The answer is", "Answer:").</summary>
    public static MarkerMatch? LastAnswerIs(string text) => LastPhrase(text, "answer", allowNextLine: false);

    /// <summary>The last GSM8K "#### X".</summary>
    public static MarkerMatch? LastHashes(string text)
    {
        var end = text.Length;
        for (var attempt = 0; attempt < MaxAttempts && end > 0; attempt++)
        {
            var at = text.LastIndexOf("####", end - 1, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            // GSM8K's own extract_answer drops the thousands commas: "#### 1,450,000" is 1450000.
            var value = RestOfLine(text, at + 4).TrimStart('#').Replace(",", string.Empty, StringComparison.Ordinal);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return new MarkerMatch(at, value);
            }

            end = at;
        }

        return null;
    }

    /// <summary>The last line starting with "A:" (GSM8K model solutions end with "A: 18").</summary>
    public static MarkerMatch? LastAnswerLine(string text)
    {
        var end = text.Length;
        for (var attempt = 0; attempt < MaxAttempts && end > 0; attempt++)
        {
            var at = text.LastIndexOf("A:", end - 1, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            if (IsLineStart(text, at))
            {
                var value = RestOfLine(text, at + 2);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return new MarkerMatch(at, value);
                }
            }

            end = at;
        }

        return null;
    }

    /// <summary>The PRM800K format: a "# Answer" heading line, the answer on the next non-empty line.</summary>
    public static MarkerMatch? LastAnswerHeading(string text)
    {
        var end = text.Length;
        for (var attempt = 0; attempt < MaxAttempts && end > 0; attempt++)
        {
            var at = text.LastIndexOf("# Answer", end - 1, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            var after = at + "# Answer".Length;
            if (IsLineStart(text, at) && string.IsNullOrWhiteSpace(RestOfLine(text, after)))
            {
                var value = NextNonEmptyLine(text, after);
                if (value is not null)
                {
                    return new MarkerMatch(at, value);
                }
            }

            end = at;
        }

        return null;
    }

    private static MarkerMatch? LastPhrase(string text, string phrase, bool allowNextLine)
    {
        var end = text.Length;
        for (var attempt = 0; attempt < MaxAttempts && end > 0; attempt++)
        {
            var at = text.LastIndexOf(phrase, end - 1, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return null;
            }

            if (at == 0 || !char.IsLetter(text[at - 1]))
            {
                var value = ReadStatedValue(text, at + phrase.Length, allowNextLine);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return new MarkerMatch(at, value);
                }
            }

            end = at;
        }

        return null;
    }

    /// <summary>After a phrase: "is X", ": X", "**: X", "** is X" or, when allowed, a bare heading with X on the next line.</summary>
    private static string? ReadStatedValue(string text, int position, bool allowNextLine)
    {
        var i = SkipDecoration(text, position);
        if (i < text.Length && text[i] == ':')
        {
            i = SkipDecoration(text, i + 1);
        }
        else if (i + 2 <= text.Length && string.Compare(text, i, "is", 0, 2, StringComparison.OrdinalIgnoreCase) == 0
            && (i + 2 == text.Length || !char.IsLetter(text[i + 2])) && i > position)
        {
            i = SkipDecoration(text, i + 2);
            if (i < text.Length && text[i] == ':')
            {
                i = SkipDecoration(text, i + 1);
            }
        }
        else if (!(allowNextLine && (i >= text.Length || text[i] is '\n' or '\r')))
        {
            return null;
        }

        var value = RestOfLine(text, i);
        if (string.IsNullOrWhiteSpace(value.Trim('*', ' ', '\t')) && allowNextLine)
        {
            return NextNonEmptyLine(text, i);
        }

        return value;
    }

    private static int SkipDecoration(string text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t' or '*' or '_')
        {
            i++;
        }

        return i;
    }

    private static bool IsLineStart(string text, int at)
    {
        var i = at - 1;
        while (i >= 0 && text[i] is ' ' or '\t')
        {
            i--;
        }

        return i < 0 || text[i] == '\n';
    }

    /// <summary>The text from <paramref name="start"/> to the end of its line.</summary>
    public static string RestOfLine(string text, int start)
    {
        if (start >= text.Length)
        {
            return string.Empty;
        }

        var newline = text.IndexOf('\n', start);
        return newline < 0 ? text[start..] : text[start..newline];
    }

    private static string? NextNonEmptyLine(string text, int start)
    {
        var i = text.IndexOf('\n', Math.Min(start, text.Length));
        // A heading's answer sits within a few lines of it; looking further would pick up unrelated text.
        for (var line = 0; line < 4 && i >= 0 && i + 1 < text.Length; line++)
        {
            var value = RestOfLine(text, i + 1);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }

            i = text.IndexOf('\n', i + 1);
        }

        return null;
    }
}
