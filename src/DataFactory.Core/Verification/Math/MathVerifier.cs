using DataFactory.Core.Problems;

namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Verifies math answers by mathematical equivalence. The candidate's final answer is found as
/// <see cref="Extraction.AnswerExtractor"/> does for math (boxes joined when they state one answer
/// together), both answers are parsed into expression trees (LaTeX or plain text: fractions, mixed
/// numbers, roots, π, percentages, units and words after a number, thousands separators, scientific
/// notation, tuples, intervals, sets, matrices, relations) and compared: exactly with rational
/// arithmetic where both values are rational, numerically within
/// <see cref="MathVerifierOptions.RelativeTolerance"/> otherwise. Decisions on the classic hard cases:
/// \frac12 = 0.5; 1,000 = 1000; 3.0 = 3; -0 = 0; 1/3 ≠ 0.333 (a decimal may stand for 1/3 only within
/// the tolerance); (1,2) ≠ [1,2] (open interval or tuple against a closed interval); √2/2 = 1/√2;
/// 50\% = 50 and, by default, 50\% = 0.5 (<see cref="MathVerifierOptions.PercentMatchesFraction"/>);
/// "x = 3" = 3; "10 cm" = 10; 12 ≠ 21; 0.\overline{3} = 0.(3) = 1/3; by default a decimal does not match an
/// irrational gold (1.41421356 ≠ \sqrt{2}; <see cref="MathVerifierOptions.DecimalMatchesIrrational"/>). A set ignores order, a tuple does not. Pure, deterministic,
/// thread-safe; never throws; every check is bounded (answers over 10,000 characters are not parsed).
/// </summary>
public sealed class MathVerifier : IVerifier
{
    private const int MaxReasonAnswerLength = 60;

    private readonly MathComparer _comparer;

    /// <summary>Creates a verifier with the given options, or the defaults.</summary>
    public MathVerifier(MathVerifierOptions? options = null)
    {
        Options = options ?? MathVerifierOptions.Default;
        _comparer = new MathComparer(Options.RelativeTolerance, Options.PercentMatchesFraction, Options.DecimalMatchesIrrational);
    }

    /// <summary>The options in force.</summary>
    public MathVerifierOptions Options { get; }

    /// <summary>The verifier's revision: raise it with every change that could change a verdict, so that
    /// <c>datafactory regrade</c> re-checks what an older revision judged.</summary>
    public const int CurrentVersion = 1;

    /// <inheritdoc />
    public int Version => CurrentVersion;

    /// <inheritdoc />
    public TaskKind Kind => TaskKind.Math;

    /// <inheritdoc />
    public Verdict Verify(Problem problem, string candidate)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (string.IsNullOrWhiteSpace(problem.Answer))
        {
            return Verdict.Unsupported("problem has no gold answer");
        }

        return Check(problem.Answer, candidate);
    }

    /// <summary>Rejects a problem whose gold answer has no answer this verifier can find and read.</summary>
    public string? CheckProblem(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (string.IsNullOrWhiteSpace(problem.Answer))
        {
            return "a math problem needs a gold answer";
        }

        var gold = AnswerResolver.Resolve(problem.Answer);
        if (gold is null)
        {
            return $"the math verifier finds no answer it can compare in the gold answer \"{Shorten(problem.Answer)}\"";
        }

        return gold.Text.Length > MathParser.MaxLength
            ? $"the gold answer is longer than the {MathParser.MaxLength} characters the math verifier parses"
            : null;
    }

    /// <summary>
    /// Compares a gold answer with a prediction (either may be a bare answer or a full solution text)
    /// under the default options: true when the prediction's answer is equivalent to the gold's.
    /// </summary>
    public static bool AreEquivalent(string gold, string prediction) => Shared.Check(gold, prediction).IsCorrect;

    /// <summary>
    /// Checks a prediction (a bare answer or a full model output) against a gold answer and explains the verdict.
    /// </summary>
    public Verdict Check(string gold, string? prediction)
    {
        if (string.IsNullOrWhiteSpace(prediction))
        {
            return Verdict.Unparseable("no answer found");
        }

        var goldAnswer = AnswerResolver.Resolve(gold ?? string.Empty);
        var predicted = AnswerResolver.Resolve(prediction);
        if (predicted is null)
        {
            return Verdict.Unparseable("no answer found");
        }

        if (predicted.Text.Length > MathParser.MaxLength)
        {
            return Verdict.Unparseable("answer too long", Shorten(predicted.Text));
        }

        if (goldAnswer is not null && SameText(goldAnswer.Text, predicted.Text))
        {
            return Verdict.Correct(predicted.Text);
        }

        if (goldAnswer?.Node is null)
        {
            return Verdict.Unparseable("gold answer not parseable", predicted.Text);
        }

        if (predicted.Node is null)
        {
            return Verdict.Unparseable("answer not parseable", predicted.Text);
        }

        var goldNode = AnswerForms.PrepareGold(goldAnswer.Node);
        var predictedNode = AnswerForms.PreparePrediction(predicted.Node, goldNode);
        return _comparer.Equivalent(goldNode, predictedNode)
            ? Verdict.Correct(predicted.Text)
            : Verdict.Incorrect(predicted.Text, $"not equivalent: {Shorten(predicted.Text)} vs {Shorten(goldAnswer.Text)}");
    }

    private static MathVerifier Shared { get; } = new();

    /// <summary>Equal after dropping whitespace and math delimiters: a fast path that needs no parse.</summary>
    private static bool SameText(string a, string b)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < a.Length && (char.IsWhiteSpace(a[i]) || a[i] == '$'))
            {
                i++;
            }

            while (j < b.Length && (char.IsWhiteSpace(b[j]) || b[j] == '$'))
            {
                j++;
            }

            if (i == a.Length || j == b.Length)
            {
                return i == a.Length && j == b.Length;
            }

            if (a[i] != b[j])
            {
                return false;
            }

            i++;
            j++;
        }
    }

    private static string Shorten(string text) =>
        text.Length <= MaxReasonAnswerLength ? text : string.Concat(text.AsSpan(0, MaxReasonAnswerLength), "…");
}
