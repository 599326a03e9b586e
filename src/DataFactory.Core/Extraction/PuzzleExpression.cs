using System.Text;

namespace DataFactory.Core.Extraction;

/// <summary>
/// Finds an arithmetic expression for game24/countdown: in "expr = 24" the side with operators,
/// within a line of prose the last run of expression characters holding a digit and an operator.
/// </summary>
internal static class PuzzleExpression
{
    // Lines scanned from the end; a final expression sits near the end of an answer.
    private const int MaxLines = 64;

    // A line longer than this is not an expression line worth normalising.
    private const int MaxLineLength = 2_000;

    /// <summary>The expression in the last line that has one, or null.</summary>
    public static string? FindInLastLines(string text)
    {
        var end = text.Length;
        for (var line = 0; line < MaxLines && end > 0; line++)
        {
            var start = text.LastIndexOf('\n', end - 1) + 1;
            if (end - start <= MaxLineLength)
            {
                var found = Find(text[start..end]);
                if (found is not null)
                {
                    return found;
                }
            }

            end = start - 1;
        }

        return null;
    }

    /// <summary>The expression within one piece of text, or null when it has none.</summary>
    public static string? Find(string line)
    {
        if (line.Length > MaxLineLength)
        {
            return null;
        }

        var normalised = Normalise(line);
        string? best = null;
        var bestDigits = -1;
        foreach (var side in normalised.Split('='))
        {
            var run = LastRun(side);
            if (run is null)
            {
                continue;
            }

            var digits = run.Count(char.IsAsciiDigit);
            if (digits > bestDigits)
            {
                best = run;
                bestDigits = digits;
            }
        }

        return best;
    }

    private static string Normalise(string line)
    {
        var builder = new StringBuilder(line)
            .Replace(@"\times", "*").Replace(@"\cdot", "*").Replace(@"\div", "/")
            .Replace(@"\left", string.Empty).Replace(@"\right", string.Empty)
            .Replace('×', '*').Replace('·', '*').Replace('÷', '/').Replace('−', '-')
            .Replace("$", string.Empty).Replace(@"\(", string.Empty).Replace(@"\)", string.Empty)
            .Replace(@"\[", string.Empty).Replace(@"\]", string.Empty);
        return builder.ToString();
    }

    private static string? LastRun(string side)
    {
        var end = side.Length;
        while (end > 0)
        {
            while (end > 0 && !IsExpressionChar(side[end - 1]))
            {
                end--;
            }

            var start = end;
            while (start > 0 && IsExpressionChar(side[start - 1]))
            {
                start--;
            }

            var run = side[start..end].Trim();
            if (HasDigitAndOperator(run))
            {
                return TrimUnbalanced(run);
            }

            end = start;
        }

        return null;
    }

    private static bool IsExpressionChar(char c) => char.IsAsciiDigit(c) || c is ' ' or '\t' or '+' or '-' or '*' or '/' or '(' or ')' or '{' or '}';

    private static bool HasDigitAndOperator(string run) =>
        run.Any(char.IsAsciiDigit) && run.Any(c => c is '+' or '-' or '*' or '/');

    /// <summary>Drops a leading ')' or a trailing '(' left over from prose around the expression.</summary>
    private static string TrimUnbalanced(string run)
    {
        var depth = 0;
        foreach (var c in run)
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }

        var result = run;
        while (depth > 0 && result.StartsWith('('))
        {
            result = result[1..].TrimStart();
            depth--;
        }

        while (depth < 0 && result.EndsWith(')'))
        {
            result = result[..^1].TrimEnd();
            depth++;
        }

        return result.Trim().TrimEnd('+', '-', '*', '/').Trim();
    }
}
