using DataFactory.Core.Problems;
using DataFactory.Core.Verification.Puzzles;

namespace DataFactory.Core.Steps.Puzzles;

/// <summary>
/// Judges the moves of 24-game and countdown traces written as tries, one per line:
/// <c>Try 10-7=3 (8 6 3), 6-3=3 (8 3), 8*3=24. Yes.</c> Each try starts from the problem's numbers;
/// every step's two operands must be among the numbers left at that point, every printed list must
/// be the multiset really left (in any order), and the verdict (Yes/No, works/fails) must match the
/// value reached: yes exactly when the last value is the target and every number is used. The value
/// of each step is the one the trace states; whether it is right is the arithmetic checker's claim.
/// A try that does not read as this format is skipped; after a false step the rest of its try is not judged.
/// </summary>
public sealed class PuzzleStepChecker : IStepChecker
{
    /// <summary>This checker's version.</summary>
    public const string CurrentVersion = "puzzle-1";

    /// <inheritdoc />
    public string Version => CurrentVersion;

    /// <inheritdoc />
    public bool Handles(TaskKind kind) => kind is TaskKind.Game24 or TaskKind.Countdown;

    /// <inheritdoc />
    public StepCheck Check(Problem problem, string candidate)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(candidate);
        var tally = new StepTally(candidate);
        if (problem.Numbers is not { Count: > 0 } numbers)
        {
            return tally.ToCheck(CurrentVersion);
        }

        var target = problem.Kind == TaskKind.Game24 ? problem.Target ?? Game24Verifier.DefaultTarget : problem.Target;
        var start = 0;
        var line = 0;
        var left = new List<long>(numbers.Count + 1);
        var printed = new List<long>(numbers.Count + 1);
        while (true)
        {
            var newline = candidate.IndexOf('\n', start);
            var end = newline < 0 ? candidate.Length : newline;
            var first = start;
            while (first < end && char.IsWhiteSpace(candidate[first]))
            {
                first++;
            }

            if (end - first > 4 && candidate.AsSpan(first, 4).Equals("Try ", StringComparison.OrdinalIgnoreCase))
            {
                left.Clear();
                left.AddRange(numbers);
                new TryReader(candidate, first + 4, end, line, target, left, printed, tally).Read();
            }

            if (newline < 0)
            {
                break;
            }

            start = newline + 1;
            line++;
        }

        return tally.ToCheck(CurrentVersion);
    }
}
