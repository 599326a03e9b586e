using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification.Exact;

namespace DataFactory.Core.Verification.Cipher;

/// <summary>
/// Verifies a decoded cipher: the candidate's final answer equals the gold plaintext after
/// normalisation (case, runs of whitespace, surrounding quotes and markup, trailing sentence
/// punctuation). Inner punctuation and letters must match exactly.
/// </summary>
public sealed class CipherVerifier : IVerifier
{
    /// <summary>The verifier's revision: raise it with every change that could change a verdict, so that
    /// <c>datafactory regrade</c> re-checks what an older revision judged.</summary>
    public const int CurrentVersion = 1;

    /// <inheritdoc />
    public int Version => CurrentVersion;

    /// <inheritdoc />
    public TaskKind Kind => TaskKind.Cipher;

    /// <summary>Rejects a problem whose gold plaintext is empty once normalised: nothing could match it.</summary>
    public string? CheckProblem(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Answer is null || AnswerText.Normalize(problem.Answer, ExactMatchOptions.Default).Length == 0
            ? "a cipher problem needs a gold plaintext that is not blank"
            : null;
    }

    /// <inheritdoc />
    public Verdict Verify(Problem problem, string candidate)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Answer is null)
        {
            return Verdict.Unsupported("the problem has no gold plaintext");
        }

        var extracted = AnswerExtractor.Extract(candidate, TaskKind.Cipher);
        if (extracted is null)
        {
            return Verdict.Unparseable("no plaintext found");
        }

        return AnswerText.Normalize(extracted, ExactMatchOptions.Default) == AnswerText.Normalize(problem.Answer, ExactMatchOptions.Default)
            ? Verdict.Correct(extracted, "plaintext matches")
            : Verdict.Incorrect(extracted, "plaintext differs from the gold");
    }
}
