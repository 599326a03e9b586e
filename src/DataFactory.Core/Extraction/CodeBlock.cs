namespace DataFactory.Core.Extraction;

/// <summary>
/// Finds the program in a code answer. Markdown fences (three or more backticks or tildes, indented
/// or not) are read line by line: the last block tagged Python (<c>python</c>, <c>py</c>,
/// <c>python3</c>, <c>py3</c>, any case) wins; without one, the last untagged block; an answer with
/// no fence at all is code as a whole. A block left open at the end (generation cut off) runs to the
/// end of the text. One linear scan; never throws.
/// </summary>
public static class CodeBlock
{
    /// <summary>
    /// The code of <paramref name="answer"/>, or null when it has fences but none tagged Python or
    /// untagged (only <c>```bash</c> blocks, say).
    /// </summary>
    public static string? Extract(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        (int Start, int End)? lastPython = null;
        (int Start, int End)? lastUntagged = null;
        var sawFence = false;

        // The open block: its fence character and length, its tag and where its body starts.
        var fenceChar = '\0';
        var fenceLength = 0;
        var tag = Tag.None;
        var bodyStart = 0;

        var lineStart = 0;
        while (lineStart <= answer.Length)
        {
            var newline = answer.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? answer.Length : newline;
            var line = answer.AsSpan(lineStart, lineEnd - lineStart).TrimEnd('\r');
            if (fenceLength == 0)
            {
                if (TryOpen(line, out fenceChar, out fenceLength, out tag))
                {
                    sawFence = true;
                    bodyStart = newline < 0 ? answer.Length : newline + 1;
                }
            }
            else if (Closes(line, fenceChar, fenceLength))
            {
                Record(tag, (bodyStart, Math.Max(bodyStart, lineStart - 1)), ref lastPython, ref lastUntagged);
                fenceLength = 0;
            }

            if (newline < 0)
            {
                break;
            }

            lineStart = newline + 1;
        }

        if (fenceLength > 0)
        {
            Record(tag, (bodyStart, answer.Length), ref lastPython, ref lastUntagged);
        }

        if (!sawFence)
        {
            return answer;
        }

        return (lastPython ?? lastUntagged) is { } block ? answer[block.Start..block.End].TrimEnd('\r') : null;
    }

    private enum Tag
    {
        None,
        Python,
        Other,
    }

    private static void Record(Tag tag, (int, int) block, ref (int, int)? lastPython, ref (int, int)? lastUntagged)
    {
        if (tag == Tag.Python)
        {
            lastPython = block;
        }
        else if (tag == Tag.None)
        {
            lastUntagged = block;
        }
    }

    private static bool TryOpen(ReadOnlySpan<char> line, out char fenceChar, out int fenceLength, out Tag tag)
    {
        var text = line.TrimStart();
        fenceChar = text.IsEmpty ? '\0' : text[0];
        fenceLength = 0;
        tag = Tag.None;
        if (fenceChar is not ('`' or '~'))
        {
            return false;
        }

        var run = Run(text, fenceChar);
        if (run < 3)
        {
            return false;
        }

        var info = text[run..].Trim();
        // A backtick fence's info string may not contain a backtick (CommonMark): "```x```" is inline code.
        if (fenceChar == '`' && info.Contains('`'))
        {
            return false;
        }

        fenceLength = run;
        var space = info.IndexOfAny(' ', '\t', '{');
        var language = space < 0 ? info : info[..space];
        tag = language.IsEmpty ? Tag.None : IsPython(language) ? Tag.Python : Tag.Other;
        return true;
    }

    private static bool Closes(ReadOnlySpan<char> line, char fenceChar, int fenceLength)
    {
        var text = line.Trim();
        return text.Length >= fenceLength && Run(text, fenceChar) == text.Length;
    }

    private static int Run(ReadOnlySpan<char> text, char c)
    {
        var n = 0;
        while (n < text.Length && text[n] == c)
        {
            n++;
        }

        return n;
    }

    private static bool IsPython(ReadOnlySpan<char> language) =>
        language.Equals("python", StringComparison.OrdinalIgnoreCase)
        || language.Equals("py", StringComparison.OrdinalIgnoreCase)
        || language.Equals("python3", StringComparison.OrdinalIgnoreCase)
        || language.Equals("py3", StringComparison.OrdinalIgnoreCase);
}
