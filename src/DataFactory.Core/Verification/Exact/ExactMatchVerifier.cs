using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Verification.Exact;

/// <summary>
/// Verifies a free-text answer: the candidate's final answer equals the gold answer after the
/// normalisation chosen in <see cref="ExactMatchOptions"/>.
/// </summary>
public sealed class ExactMatchVerifier : IVerifier
{
    private readonly ExactMatchOptions _options;

    /// <summary>A verifier with <see cref="ExactMatchOptions.Default"/>.</summary>
    public ExactMatchVerifier()
        : this(ExactMatchOptions.Default)
    {
    }

    /// <summary>A verifier with the given normalisation.</summary>
    public ExactMatchVerifier(ExactMatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The verifier's revision: raise it with every change that could change a verdict, so that
    /// <c>datafactory regrade</c> re-checks what an older revision judged.</summary>
    public const int CurrentVersion = 1;

    /// <inheritdoc />
    public int Version => CurrentVersion;

    /// <inheritdoc />
    public TaskKind Kind => TaskKind.Exact;

    /// <summary>Rejects a problem whose gold answer is empty once normalised: nothing could match it.</summary>
    public string? CheckProblem(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Answer is null || AnswerText.Normalize(problem.Answer, _options).Length == 0
            ? "an exact-match problem needs a gold answer that is not blank"
            : null;
    }

    /// <inheritdoc />
    public Verdict Verify(Problem problem, string candidate)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Answer is null)
        {
            return Verdict.Unsupported("the problem has no gold answer");
        }

        var extracted = AnswerExtractor.Extract(candidate, TaskKind.Exact);
        if (extracted is null)
        {
            return Verdict.Unparseable("no final answer found");
        }

        return AnswerText.Normalize(extracted, _options) == AnswerText.Normalize(problem.Answer, _options)
            ? Verdict.Correct(extracted, "matches the gold answer")
            : Verdict.Incorrect(extracted, "does not match the gold answer");
    }
}
