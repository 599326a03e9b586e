using DataFactory.Core.Problems;

namespace DataFactory.Core.Steps.Splitting;

/// <summary>
/// Cuts a response into steps: a line for the puzzle (24 game, countdown, cipher) and arithmetic formats, a
/// paragraph (blank-line separated) for math, or the given delimiter. Each step keeps its separator at its end,
/// so joining the steps gives back the response exactly; the last step may have none.
/// </summary>
public static class StepSplitter
{
    /// <summary>The steps of <paramref name="response"/>, in order; none for an empty response.</summary>
    /// <param name="kind">The problem's kind: math splits at blank lines, every other kind at line ends.</param>
    /// <param name="response">The model's response (or a part of it).</param>
    /// <param name="delimiter">A separator to split at instead of the kind's; null or empty: the kind's.</param>
    public static IReadOnlyList<string> Split(TaskKind kind, string response, string? delimiter = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var steps = new List<string>();
        if (response.Length == 0)
        {
            return steps;
        }

        var paragraphs = string.IsNullOrEmpty(delimiter) && kind == TaskKind.Math;
        var separator = string.IsNullOrEmpty(delimiter) ? (paragraphs ? "\n\n" : "\n") : delimiter;
        var start = 0;
        while (start < response.Length)
        {
            var at = response.IndexOf(separator, start, StringComparison.Ordinal);
            if (at < 0)
            {
                steps.Add(response[start..]);
                break;
            }

            var end = at + separator.Length;
            if (paragraphs)
            {
                // A longer run of blank lines still ends one paragraph: it stays with the step before.
                while (end < response.Length && response[end] == '\n')
                {
                    end++;
                }
            }

            steps.Add(response[start..end]);
            start = end;
        }

        return steps;
    }
}
