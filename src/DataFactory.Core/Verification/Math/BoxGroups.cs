namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Joins the last boxes of a text when they state one answer together: "\boxed{1} and \boxed{2}",
/// "\boxed{(2,2)} \quad \text{and} \quad \boxed{(6,2)}", "\boxed{2}, \boxed{3}". Boxes separated by
/// other words ("\boxed{1} no no \boxed{2}") or a long gap are not joined: the last one stands.
/// At most <see cref="MaxBoxes"/> boxes are read, each with one forward scan.
/// </summary>
internal static class BoxGroups
{
    private const int MaxBoxes = 16;
    private const int MaxGap = 48;

    /// <summary>The joined content ("1, 2") of the last group of boxes, or null when the text has no braced box.</summary>
    public static string? JoinedLast(string text)
    {
        var boxes = new List<(int Start, int Close, string Content)>();
        var end = text.Length;
        for (var attempt = 0; attempt < MaxBoxes && end > 0; attempt++)
        {
            var at = Math.Max(LastIndexOf(text, @"\boxed", end), LastIndexOf(text, @"\fbox", end));
            if (at < 0)
            {
                break;
            }

            var argument = at + (text.AsSpan(at).StartsWith(@"\boxed") ? 6 : 5);
            if (MathLexer.TryBracedArgument(text, argument, text.Length, out var open, out var close))
            {
                // An outer box around earlier-found inner boxes replaces them.
                boxes.RemoveAll(b => b.Start > at && b.Close < close);
                boxes.Add((at, close, text[(open + 1)..close].Trim()));
            }

            end = at;
        }

        if (boxes.Count == 0)
        {
            return null;
        }

        var group = new List<string> { boxes[0].Content };
        for (var i = 1; i < boxes.Count; i++)
        {
            var gapStart = boxes[i].Close + 1;
            var gapEnd = boxes[i - 1].Start;
            if (gapEnd < gapStart || !Joinable(text.AsSpan(gapStart, gapEnd - gapStart)))
            {
                break;
            }

            group.Add(boxes[i].Content);
        }

        group.Reverse();
        return string.Join(", ", group);
    }

    private static int LastIndexOf(string text, string value, int end) =>
        end <= 0 ? -1 : text.LastIndexOf(value, end - 1, StringComparison.Ordinal);

    /// <summary>A short gap of punctuation and layout, or one that says "and"/"or".</summary>
    private static bool Joinable(ReadOnlySpan<char> gap)
    {
        if (gap.Length > MaxGap)
        {
            return false;
        }

        var hasWord = false;
        var i = 0;
        while (i < gap.Length)
        {
            if (!char.IsLetter(gap[i]))
            {
                if (gap[i] == '.' && i + 1 < gap.Length && char.IsWhiteSpace(gap[i + 1]))
                {
                    return false;
                }

                i++;
                continue;
            }

            var start = i;
            while (i < gap.Length && char.IsLetter(gap[i]))
            {
                i++;
            }

            var word = gap[start..i];
            var command = start > 0 && gap[start - 1] == '\\';
            if (!command)
            {
                if (word.Equals("and", StringComparison.OrdinalIgnoreCase) || word.Equals("or", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                hasWord = true;
            }
        }

        return !hasWord;
    }
}
