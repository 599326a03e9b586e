using DataFactory.Core.Problems;

namespace DataFactory.Core.Extraction;

/// <summary>
/// Pulls the final answer out of free model output. Explicit markers come first, in two tiers:
/// (1) the last <c>\boxed{}</c>/<c>\fbox{}</c>, "Final answer: X" / "final answer is X" or a
/// "# Answer" heading, whichever occurs last (a model that boxes an intermediate value and then
/// writes "Final answer: X" means X); (2) "The answer is X" / "Answer: X", GSM8K "#### X" and a
/// line starting "A: X", whichever occurs last. X runs to the end of its line, without a trailing
/// period, a "$…$" wrapper or an "I hope it is correct" sign-off. Without a marker a per-kind fallback applies: math, the last
/// number (or the inline math span around it); game24/countdown, the last line with an arithmetic
/// expression (in "expr = 24", the expression); multiple choice, a standalone letter A–J; exact and
/// cipher, the last non-empty line; code, the program as <see cref="CodeBlock"/> finds it. Never throws; every step is a
/// bounded number of linear scans, with no backtracking regular expression.
/// </summary>
public static class AnswerExtractor
{
    /// <summary>Returns the final answer in <paramref name="text"/> for a task of <paramref name="kind"/>, or null when there is none.</summary>
    public static string? Extract(string? text, TaskKind kind)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var answer = kind == TaskKind.Code ? CodeBlock.Extract(text) : FindExplicit(text, kind, out _) ?? Fallback(text, kind);
        return string.IsNullOrWhiteSpace(answer) ? null : answer.Trim();
    }

    /// <summary>The answer stated after an explicit marker (tiers as in the class summary), or null.</summary>
    /// <param name="text">The model output.</param>
    /// <param name="kind">The task kind, which narrows the answer.</param>
    /// <param name="fromBox">True when the answer is the content of the last box.</param>
    internal static string? FindExplicit(string text, TaskKind kind, out bool fromBox)
    {
        fromBox = false;
        var box = LastBox(text);
        var tiers = new[]
        {
            new[] { box, AnswerMarkers.LastFinalAnswer(text), AnswerMarkers.LastAnswerHeading(text) },
            // In a multiple-choice answer "A: ..." lists an option rather than stating the answer.
            [AnswerMarkers.LastAnswerIs(text), AnswerMarkers.LastHashes(text), kind == TaskKind.MultipleChoice ? null : AnswerMarkers.LastAnswerLine(text)],
        };

        foreach (var tier in tiers)
        {
            MarkerMatch? latest = null;
            foreach (var match in tier)
            {
                if (match is { } m && (latest is null || m.Position > latest.Value.Position))
                {
                    latest = m;
                }
            }

            if (latest is { } found)
            {
                var value = Refine(AnswerCleanup.Clean(found.Value), kind);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    fromBox = box is { } b && b.Position == found.Position && ReferenceEquals(b.Value, found.Value);
                    return value;
                }
            }
        }

        return null;
    }

    /// <summary>The per-kind fallback when no marker states the answer.</summary>
    internal static string? Fallback(string text, TaskKind kind) => kind switch
    {
        TaskKind.Math => LastNumber.Find(text),
        TaskKind.Game24 or TaskKind.Countdown => PuzzleExpression.FindInLastLines(text),
        TaskKind.MultipleChoice => ChoiceLetter.Find(text),
        _ => LastNonEmptyLine(text),
    };

    private static MarkerMatch? LastBox(string text)
    {
        if (!Boxed.TryFindLast(text, out var content))
        {
            return null;
        }

        // Where the box starts only orders it against the text markers; the last command is close enough.
        var position = Math.Max(text.LastIndexOf(@"\boxed", StringComparison.Ordinal), text.LastIndexOf(@"\fbox", StringComparison.Ordinal));
        return new MarkerMatch(position, content);
    }

    /// <summary>Narrows a marker's answer to what the kind needs (an expression, a letter).</summary>
    private static string? Refine(string value, TaskKind kind) => kind switch
    {
        TaskKind.Game24 or TaskKind.Countdown => PuzzleExpression.FromMarker(value) ?? value,
        TaskKind.MultipleChoice => ChoiceLetter.Find(value) ?? value,
        _ => value,
    };

    private static string? LastNonEmptyLine(string text)
    {
        var end = text.Length;
        while (end > 0)
        {
            var start = text.LastIndexOf('\n', end - 1) + 1;
            var line = AnswerCleanup.Clean(text[start..end]);
            if (line.Length > 0)
            {
                return line;
            }

            end = start - 1;
        }

        return null;
    }
}
