namespace DataFactory.Core.Extraction;

/// <summary>
/// Finds an arithmetic expression for game24/countdown. After a marker the whole stated answer is
/// kept when it reads as an expression (the puzzle parser then judges it, so "4^2 + 8" is reported
/// as unparseable rather than cut down to "2 + 8"); within prose, and in a line without a marker,
/// the last run of expression characters holding a digit and an operator. In "expr = 24" the side
/// with the operators is taken. Operators are first rewritten to ASCII (<see cref="PuzzleNotation"/>).
/// </summary>
internal static class PuzzleExpression
{
    // Lines scanned from the end; a final expression sits near the end of an answer.
    private const int MaxLines = 64;

    // A line longer than this is not an expression line worth normalising.
    private const int MaxLineLength = 2_000;

    private const string Fraction = @"\frac";

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

    /// <summary>The expression within one line of text, or null when it has none.</summary>
    public static string? Find(string line) => Best(line, fromMarker: false);

    /// <summary>
    /// The expression a marker states: the whole answer less a claimed result after '=', unless
    /// prose surrounds it, in which case the expression within it; null when it has none.
    /// </summary>
    public static string? FromMarker(string answer) => Best(answer, fromMarker: true);

    private static string? Best(string text, bool fromMarker)
    {
        if (text.Length > MaxLineLength)
        {
            return null;
        }

        string? best = null;
        var bestDigits = -1;
        foreach (var side in PuzzleNotation.Normalise(text).Split('='))
        {
            var candidate = fromMarker && !HasProse(side) ? Whole(side) : LastRun(side);
            if (candidate is null)
            {
                continue;
            }

            // "24 = (8-4)*(7-1)" and "(8-4)*(7-1) = 4*6 = 24": the side with the most numbers is the expression.
            var digits = candidate.Count(char.IsAsciiDigit);
            if (digits > bestDigits)
            {
                best = candidate;
                bestDigits = digits;
            }
        }

        return best;
    }

    private static string? Whole(string side)
    {
        var trimmed = side.Trim().TrimEnd('.', ',', ';').TrimEnd();
        return HasDigitAndOperator(trimmed) ? trimmed : null;
    }

    /// <summary>
    /// A word of two or more letters marks prose ("which", "is"); a LaTeX command name or a function
    /// name before '(' does not, so the parser gets to reject "sqrt(16) * 6" itself.
    /// </summary>
    private static bool HasProse(string side)
    {
        var i = 0;
        while (i < side.Length)
        {
            if (!char.IsLetter(side[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < side.Length && char.IsLetter(side[i]))
            {
                i++;
            }

            var isCommand = start > 0 && side[start - 1] == '\\';
            var isFunction = i < side.Length && side[i] == '(';
            if (i - start >= 2 && !isCommand && !isFunction)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The last maximal run of expression characters that holds a digit and an operator.</summary>
    private static string? LastRun(string side)
    {
        string? last = null;
        var runStart = -1;
        var i = 0;
        while (i <= side.Length)
        {
            var length = i < side.Length ? ExpressionCharsAt(side, i) : 0;
            if (length > 0)
            {
                runStart = runStart < 0 ? i : runStart;
                i += length;
                continue;
            }

            if (runStart >= 0)
            {
                var run = side[runStart..i].Trim();
                if (HasDigitAndOperator(run))
                {
                    last = run;
                }

                runStart = -1;
            }

            i++;
        }

        return last is null ? null : TrimUnbalanced(last);
    }

    /// <summary>How many characters at <paramref name="i"/> belong to an expression (0 when none).</summary>
    private static int ExpressionCharsAt(string text, int i) => text[i] switch
    {
        var c when char.IsAsciiDigit(c) => 1,
        ' ' or '\t' or '+' or '-' or '*' or '/' or '(' or ')' or '[' or ']' or '{' or '}' => 1,
        // A decimal point, not a full stop: "4.0", ".5", but not "(8-4)*(7-1).".
        '.' when i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) => 1,
        '\\' when string.CompareOrdinal(text, i, Fraction, 0, Fraction.Length) == 0 => Fraction.Length,
        _ => 0,
    };

    private static bool HasDigitAndOperator(string run) =>
        run.Any(char.IsAsciiDigit)
        && (run.Any(c => c is '+' or '-' or '*' or '/') || run.Contains(Fraction, StringComparison.Ordinal));

    /// <summary>Drops a leading opening or a trailing closing bracket left over from prose around the expression.</summary>
    private static string TrimUnbalanced(string run)
    {
        var depth = 0;
        foreach (var c in run)
        {
            depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
        }

        var start = 0;
        var end = run.Length;
        while (depth > 0 && start < end && run[start] is '(' or '[' or '{')
        {
            start = SkipBlanks(run, start + 1, end);
            depth--;
        }

        while (depth < 0 && end > start && run[end - 1] is ')' or ']' or '}')
        {
            end--;
            while (end > start && char.IsWhiteSpace(run[end - 1]))
            {
                end--;
            }

            depth++;
        }

        var result = run[start..end];
        return result.Trim().TrimEnd('+', '-', '*', '/').Trim();
    }

    private static int SkipBlanks(string text, int i, int end)
    {
        while (i < end && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
