namespace DataFactory.Core.Verification.Choice;

/// <summary>
/// Reads an option letter from an extracted multiple-choice answer: <c>B</c>, <c>(B)</c>, <c>[B]</c>,
/// <c>B.</c>, <c>B)</c>, <c>B: 42</c>, <c>(b)</c>, <c>Option B</c>, <c>Choice (B)</c>. A lowercase
/// letter counts only alone, in brackets or before <c>)</c>, so that "a dog" is text, not option A.
/// </summary>
internal static class OptionLetter
{
    private static readonly string[] Prefixes = ["option", "choice", "answer"];

    /// <summary>The 0-based option index of the letter, or -1 when the text is not a letter form.</summary>
    public static int Parse(string text)
    {
        var s = text.AsSpan().Trim();
        s = StripPrefix(s);
        if (s.IsEmpty)
        {
            return -1;
        }

        var bracketed = s[0] is '(' or '[';
        if (bracketed)
        {
            s = s[1..];
        }

        if (s.IsEmpty || !char.IsAsciiLetter(s[0]))
        {
            return -1;
        }

        var letter = s[0];
        var rest = s[1..];
        if (bracketed)
        {
            if (rest.IsEmpty || rest[0] is not (')' or ']'))
            {
                return -1;
            }

            rest = rest[1..];
        }

        var upper = char.IsAsciiLetterUpper(letter);
        var tail = rest.TrimStart();
        if (tail.IsEmpty || tail is "." or ")" or ":")
        {
            return Index(letter);
        }

        // "B) 42", "B. 42", "B: 42", "(B) 42": a letter with its option text after a separator.
        if (bracketed || rest[0] is ')' or ']' || (upper && rest[0] is '.' or ':'))
        {
            return Index(letter);
        }

        return -1;
    }

    private static ReadOnlySpan<char> StripPrefix(ReadOnlySpan<char> s)
    {
        foreach (var prefix in Prefixes)
        {
            if (s.Length > prefix.Length
                && s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && (char.IsWhiteSpace(s[prefix.Length]) || s[prefix.Length] == ':'))
            {
                return s[(prefix.Length + 1)..].Trim();
            }
        }

        return s;
    }

    private static int Index(char letter) => char.ToUpperInvariant(letter) - 'A';
}
