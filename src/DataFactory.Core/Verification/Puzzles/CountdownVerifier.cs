using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Verification.Puzzles;

/// <summary>
/// Verifies a countdown puzzle: the candidate's final expression uses each of the problem's numbers
/// exactly once, only + − × ÷ and brackets, and evaluates exactly (as a rational) to
/// <see cref="Problem.Target"/>. Any valid expression counts; a claimed result after <c>=</c> is ignored.
/// </summary>
public sealed class CountdownVerifier : IVerifier
{
    /// <summary>The verifier's revision: raise it with every change that could change a verdict, so that
    /// <c>datafactory regrade</c> re-checks what an older revision judged.</summary>
    public const int CurrentVersion = 1;

    /// <inheritdoc />
    public int Version => CurrentVersion;

    /// <inheritdoc />
    public TaskKind Kind => TaskKind.Countdown;

    /// <inheritdoc />
    public Verdict Verify(Problem problem, string candidate)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Numbers is not { Count: > 0 } numbers)
        {
            return Verdict.Unsupported("the problem has no numbers");
        }

        if (problem.Target is not { } target)
        {
            return Verdict.Unsupported("the problem has no target");
        }

        return ArithmeticPuzzle.Check(AnswerExtractor.Extract(candidate, TaskKind.Countdown), numbers, target);
    }
}
