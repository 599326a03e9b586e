using DataFactory.Core.Problems;

namespace DataFactory.Core.Steps.Splitting;

/// <summary>
/// Cuts a response into steps, the unit of step labels and of step search. A step is a line for the puzzle
/// formats (24 game, countdown, cipher), code and the arithmetic chains (one claim per line, as the step checkers
/// and PRM800K count them); a paragraph (blank-line separated) for math and the other prose kinds, falling back to
/// lines when the response has no blank line (a math chain written a step per line); or the text up to and
/// including each <c>delimiter</c> when one is given. Every step keeps its separator at its end and a run of blank
/// lines stays with the step before it, so no step is blank and joining the steps gives back the response exactly.
/// </summary>
public static class StepSplitter
{
    /// <summary>The response's steps, in order; empty for an empty response.</summary>
    /// <param name="kind">The problem's task kind, which chooses lines or paragraphs.</param>
    /// <param name="response">The model's response.</param>
    /// <param name="delimiter">A step separator to use instead of the kind's; null or empty for the kind's.</param>
    public static IReadOnlyList<string> Split(TaskKind kind, string response, string? delimiter = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Length == 0)
        {
            return [];
        }

        if (!string.IsNullOrEmpty(delimiter))
        {
            return Merge(response, Cuts(response, delimiter), delimiter);
        }

        var paragraphs = (kind is TaskKind.Math or TaskKind.Exact or TaskKind.MultipleChoice) && HasBlankLine(response);
        return Merge(response, paragraphs ? ParagraphCuts(response) : Cuts(response, "\n"), "\n");
    }

    /// <summary>The step that holds character <paramref name="offset"/> of the response the steps were cut from.</summary>
    /// <returns>The step's index, or -1 when the offset is outside the response.</returns>
    public static int StepAt(IReadOnlyList<string> steps, int offset)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var end = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            end += steps[i].Length;
            if (offset >= 0 && offset < end)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool HasBlankLine(string response)
    {
        var lines = response.Split('\n');
        for (var i = 1; i < lines.Length - 1; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]) && !string.IsNullOrWhiteSpace(lines[i - 1]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Ends of pieces: just after each occurrence of the separator, and the end of the text.</summary>
    private static List<int> Cuts(string response, string separator)
    {
        var cuts = new List<int>();
        var at = 0;
        while ((at = response.IndexOf(separator, at, StringComparison.Ordinal)) >= 0)
        {
            at += separator.Length;
            cuts.Add(at);
        }

        if (cuts.Count == 0 || cuts[^1] != response.Length)
        {
            cuts.Add(response.Length);
        }

        return cuts;
    }

    /// <summary>Ends of paragraphs: after the last blank line of each run of blank lines that a text line follows.</summary>
    private static List<int> ParagraphCuts(string response)
    {
        var lines = Cuts(response, "\n");
        var cuts = new List<int>();
        var start = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var blank = string.IsNullOrWhiteSpace(response[start..lines[i]]);
            var nextIsText = i + 1 < lines.Count && !string.IsNullOrWhiteSpace(response[lines[i]..lines[i + 1]]);
            if ((blank && nextIsText) || i + 1 == lines.Count)
            {
                cuts.Add(lines[i]);
            }

            start = lines[i];
        }

        return cuts;
    }

    /// <summary>
    /// Pieces between the cuts; a blank piece (white space, or only its separator) joins the step before it (the
    /// first step when it leads).
    /// </summary>
    private static List<string> Merge(string response, List<int> cuts, string separator)
    {
        var steps = new List<string>(cuts.Count);
        var start = 0;
        var pendingBlank = string.Empty;
        foreach (var cut in cuts)
        {
            var piece = response[start..cut];
            start = cut;
            var content = piece.EndsWith(separator, StringComparison.Ordinal) ? piece[..^separator.Length] : piece;
            if (string.IsNullOrWhiteSpace(content))
            {
                if (steps.Count == 0)
                {
                    pendingBlank += piece;
                }
                else
                {
                    steps[^1] += piece;
                }

                continue;
            }

            steps.Add(pendingBlank + piece);
            pendingBlank = string.Empty;
        }

        if (pendingBlank.Length > 0)
        {
            steps.Add(pendingBlank);
        }

        return steps;
    }
}
