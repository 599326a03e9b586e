using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification.Exact;

namespace DataFactory.Core.Verification.Choice;

/// <summary>
/// Verifies a multiple-choice answer. The gold is an option letter or an option's text; the
/// candidate's final answer may be a letter (<c>B</c>, <c>(B)</c>, <c>Option B</c>, <c>B) 42</c>) or
/// the text of an option, compared after normalisation. Without options, a gold text is compared
/// with the answer text as in exact match.
/// </summary>
public sealed class MultipleChoiceVerifier : IVerifier
{
    /// <summary>The verifier's revision: raise it with every change that could change a verdict, so that
    /// <c>datafactory regrade</c> re-checks what an older revision judged.</summary>
    public const int CurrentVersion = 1;

    /// <inheritdoc />
    public int Version => CurrentVersion;

    /// <inheritdoc />
    public TaskKind Kind => TaskKind.MultipleChoice;

    /// <inheritdoc />
    public Verdict Verify(Problem problem, string candidate)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Answer is null)
        {
            return Verdict.Unsupported("the problem has no gold answer");
        }

        var options = problem.Options ?? [];
        var gold = Resolve(problem.Answer, options);
        if (options.Count > 0 && (gold < 0 || gold >= options.Count))
        {
            return Verdict.Unsupported($"the gold answer \"{problem.Answer}\" is not one of the {options.Count} options");
        }

        var extracted = AnswerExtractor.Extract(candidate, TaskKind.MultipleChoice);
        if (extracted is null)
        {
            return Verdict.Unparseable("no final answer found");
        }

        var chosen = Resolve(extracted, options);
        if (gold < 0)
        {
            // No options and a gold text: only the text can be compared.
            var same = Normalize(extracted) == Normalize(problem.Answer);
            return same
                ? Verdict.Correct(extracted, "matches the gold answer")
                : Verdict.Incorrect(extracted, "does not match the gold answer");
        }

        if (chosen < 0)
        {
            return Verdict.Unparseable("not an option letter or an option's text", extracted);
        }

        var letter = Letter(chosen);
        if (options.Count > 0 && chosen >= options.Count)
        {
            return Verdict.Incorrect(letter, $"there is no option {letter} (options A-{Letter(options.Count - 1)})");
        }

        return chosen == gold
            ? Verdict.Correct(letter, $"chose {letter}")
            : Verdict.Incorrect(letter, $"chose {letter}, expected {Letter(gold)}");
    }

    /// <summary>Rejects a problem without a gold answer, or whose gold is not one of its options.</summary>
    public string? CheckProblem(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (string.IsNullOrWhiteSpace(problem.Answer))
        {
            return "a multiple-choice problem needs a gold answer";
        }

        var options = problem.Options ?? [];
        var gold = Resolve(problem.Answer, options);
        return options.Count > 0 && (gold < 0 || gold >= options.Count)
            ? $"the gold answer \"{problem.Answer}\" is neither an option letter (A-{Letter(options.Count - 1)}) nor the text of one of the {options.Count} options"
            : null;
    }

    private static int Resolve(string answer, IReadOnlyList<string> options)
    {
        var text = Normalize(answer);
        for (var i = 0; i < options.Count; i++)
        {
            if (Normalize(options[i] ?? string.Empty) == text)
            {
                return i;
            }
        }

        return OptionLetter.Parse(AnswerText.Normalize(answer, ExactMatchOptions.Default with { CaseSensitive = true }));
    }

    private static string Normalize(string text) => AnswerText.Normalize(text, ExactMatchOptions.Default);

    private static string Letter(int index) => ((char)('A' + index)).ToString();
}
