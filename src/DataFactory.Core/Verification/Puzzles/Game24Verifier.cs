using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Verification.Puzzles;

/// <summary>
/// Verifies the 24 game: the candidate's final expression uses each of the problem's numbers
/// exactly once, only + − × ÷ and brackets, and evaluates exactly (as a rational) to the target
/// (<see cref="Problem.Target"/>, 24 when absent). Any valid expression counts; a claimed result
/// after <c>=</c> is ignored.
/// </summary>
public sealed class Game24Verifier : IVerifier
{
    /// <summary>The target when the problem names none.</summary>
    public const long DefaultTarget = 24;

    /// <summary>The verifier's revision: raise it with every change that could change a verdict, so that
    /// <c>datafactory regrade</c> re-checks what an older revision judged.</summary>
    public const int CurrentVersion = 1;

    /// <inheritdoc />
    public int Version => CurrentVersion;

    /// <inheritdoc />
    public TaskKind Kind => TaskKind.Game24;

    /// <inheritdoc />
    public Verdict Verify(Problem problem, string candidate)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Numbers is not { Count: > 0 } numbers)
        {
            return Verdict.Unsupported("the problem has no numbers");
        }

        return ArithmeticPuzzle.Check(AnswerExtractor.Extract(candidate, TaskKind.Game24), numbers, problem.Target ?? DefaultTarget);
    }
}
