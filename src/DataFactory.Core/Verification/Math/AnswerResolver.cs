using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Finds the answer in a text that may be a bare answer ("\frac{1}{2}", "$x \in [0,1)$") or a full
/// solution: an explicit marker first (with adjacent boxes joined into one list), then the whole
/// text when it parses as an answer, then the last number or the inline math around it.
/// </summary>
internal static class AnswerResolver
{
    // A text longer than this is a solution, not a bare answer: it is not parsed whole.
    private const int MaxBareLength = 2_000;

    /// <summary>The answer in <paramref name="text"/>, or null when there is none.</summary>
    public static ResolvedAnswer? Resolve(string text)
    {
        var source = Backslashes.Collapse(text);
        var stated = AnswerExtractor.FindExplicit(source, TaskKind.Math, out var fromBox);
        if (stated is not null)
        {
            if (fromBox)
            {
                stated = BoxGroups.JoinedLast(source) ?? stated;
                return new ResolvedAnswer(stated, MathParser.Parse(stated));
            }

            return WithNumberFallback(stated);
        }

        var trimmed = source.Trim();
        if (trimmed.Length <= MaxBareLength)
        {
            var whole = MathParser.Parse(trimmed);
            if (whole is not null)
            {
                return new ResolvedAnswer(trimmed, whole);
            }
        }

        // Only prose falls back to its last number: a malformed bare answer ("5 +") is not 5.
        if (HasWord(source))
        {
            var fallback = AnswerExtractor.Fallback(source, TaskKind.Math);
            return fallback is null ? null : new ResolvedAnswer(fallback, MathParser.Parse(fallback));
        }

        return trimmed.Length is > 0 and <= MaxBareLength ? new ResolvedAnswer(trimmed, null) : null;
    }

    /// <summary>
    /// "The volume of $ABCDEFGH$ is 120": a stated answer in words falls back to its last number. An
    /// answer that is math this parser cannot read does not: its last number could match by chance.
    /// </summary>
    private static ResolvedAnswer WithNumberFallback(string stated)
    {
        var node = MathParser.Parse(stated);
        if (node is not null || !HasWord(stated))
        {
            return new ResolvedAnswer(stated, node);
        }

        var number = AnswerExtractor.Fallback(stated, TaskKind.Math);
        var numberNode = number is null ? null : MathParser.Parse(number);
        return numberNode is null ? new ResolvedAnswer(stated, null) : new ResolvedAnswer(number!, numberNode);
    }

    /// <summary>True when the text has a run of three or more letters that is not a LaTeX command.</summary>
    private static bool HasWord(string text)
    {
        var run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsLetter(text[i]))
            {
                if (run == 0 && i > 0 && text[i - 1] == '\\')
                {
                    run = int.MinValue;
                }

                if (++run >= 3)
                {
                    return true;
                }
            }
            else
            {
                run = 0;
            }
        }

        return false;
    }
}
