namespace DataFactory.Core.Extraction;

/// <summary>
/// Finds a multiple-choice letter A–J: "(C)" first, then a letter opening a line ("C." "C)" "C:"),
/// then any standalone capital letter, skipping the words "A" and "I" when they open a sentence.
/// Within a rule the last occurrence wins. Three linear scans.
/// </summary>
internal static class ChoiceLetter
{
    /// <summary>The letter as a one-character string, or null.</summary>
    public static string? Find(string text)
    {
        var found = Last(text, InParentheses) ?? Last(text, OpensLine) ?? Last(text, Standalone);
        return found is null ? null : found.Value.ToString();
    }

    private static char? Last(string text, Func<string, int, bool> rule)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] is >= 'A' and <= 'J' && rule(text, i))
            {
                return text[i];
            }
        }

        return null;
    }

    private static bool InParentheses(string text, int i) =>
        i > 0 && text[i - 1] is '(' or '[' && i + 1 < text.Length && text[i + 1] is ')' or ']';

    private static bool OpensLine(string text, int i)
    {
        if (!IsStandalone(text, i) || i + 1 >= text.Length || text[i + 1] is not ('.' or ')' or ':'))
        {
            return false;
        }

        var j = i - 1;
        while (j >= 0 && text[j] is ' ' or '\t' or '*')
        {
            j--;
        }

        return j < 0 || text[j] == '\n';
    }

    private static bool Standalone(string text, int i)
    {
        if (!IsStandalone(text, i))
        {
            return false;
        }

        if (i + 1 < text.Length && text[i + 1] is '\'' or '’')
        {
            return false;
        }

        // "A man ..." and "I think ..." are words, not options.
        return text[i] is not ('A' or 'I') || !OpensSentence(text, i) || !FollowedByWord(text, i);
    }

    private static bool IsStandalone(string text, int i) =>
        (i == 0 || !char.IsLetterOrDigit(text[i - 1]) && text[i - 1] != '\\')
        && (i + 1 >= text.Length || !char.IsLetterOrDigit(text[i + 1]));

    private static bool OpensSentence(string text, int i)
    {
        var j = i - 1;
        while (j >= 0 && text[j] is ' ' or '\t' or '*' or '"')
        {
            j--;
        }

        return j < 0 || text[j] is '\n' or '.' or '!' or '?';
    }

    private static bool FollowedByWord(string text, int i) =>
        i + 2 < text.Length && text[i + 1] == ' ' && char.IsLower(text[i + 2]);
}
