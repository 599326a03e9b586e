namespace DataFactory.Core.Extraction;

/// <summary>
/// Finds the content of the last <c>\boxed{...}</c> or <c>\fbox{...}</c> in a text, with nested
/// braces. Linear in the text length: at most <see cref="MaxCandidates"/> openings are tried from the
/// end, each with one forward scan.
/// </summary>
public static class Boxed
{
    private const int MaxCandidates = 8;

    private static readonly string[] Commands = [@"\boxed", @"\fbox"];

    /// <summary>Returns the trimmed content of the last balanced box, or false when there is none.</summary>
    public static bool TryFindLast(string? text, out string content)
    {
        content = string.Empty;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var end = text.Length;
        for (var attempt = 0; attempt < MaxCandidates && end > 0; attempt++)
        {
            var (start, command) = LastCommand(text, end);
            if (start < 0)
            {
                return false;
            }

            if (TryReadArgument(text, start + command.Length, out content))
            {
                return true;
            }

            end = start;
        }

        return false;
    }

    private static (int Start, string Command) LastCommand(string text, int end)
    {
        var best = -1;
        var bestCommand = Commands[0];
        foreach (var command in Commands)
        {
            var at = end <= 0 ? -1 : text.LastIndexOf(command, end - 1, StringComparison.Ordinal);
            while (at >= 0 && at + command.Length > end)
            {
                at = at == 0 ? -1 : text.LastIndexOf(command, at - 1, StringComparison.Ordinal);
            }

            if (at > best)
            {
                best = at;
                bestCommand = command;
            }
        }

        return (best, bestCommand);
    }

    private static bool TryReadArgument(string text, int position, out string content)
    {
        content = string.Empty;
        var i = position;
        if (i < text.Length && char.IsLetter(text[i]))
        {
            // \boxedx is another command, not a box.
            return false;
        }

        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        if (i >= text.Length)
        {
            return false;
        }

        if (text[i] != '{')
        {
            // "\boxed 5": the argument runs to the next space or '$'.
            if (i == position)
            {
                return false;
            }

            var stop = i;
            while (stop < text.Length && !char.IsWhiteSpace(text[stop]) && text[stop] != '$')
            {
                stop++;
            }

            content = text[i..stop].Trim();
            return content.Length > 0;
        }

        var depth = 0;
        for (var j = i; j < text.Length; j++)
        {
            switch (text[j])
            {
                case '\\' when j + 1 < text.Length && text[j + 1] is '{' or '}':
                    j++;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    if (depth == 0)
                    {
                        content = text[(i + 1)..j].Trim();
                        return true;
                    }

                    break;
            }
        }

        return false;
    }
}
