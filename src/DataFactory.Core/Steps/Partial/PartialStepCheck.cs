using DataFactory.Core.Problems;

namespace DataFactory.Core.Steps.Partial;

/// <summary>
/// Step checks of a partial trace, a response still being written (as search holds them). Only complete lines are
/// judged: the text after the last line end is left out, because a step cut mid-claim ("Try 6*6=3" on its way to
/// "36") would read as a false claim. The checkers are linear and never throw; a partial trace longer than
/// <see cref="MaxLength"/> characters is not judged at all (<see cref="StepCheck.None"/>), so a check is bounded
/// whatever the caller hands in.
/// </summary>
public static class PartialStepCheck
{
    /// <summary>The longest partial trace judged, in characters.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Checks the complete lines of <paramref name="partial"/> with the checkers of the problem's kind.</summary>
    public static StepCheck Check(StepCheckerRegistry checkers, Problem problem, string partial)
    {
        ArgumentNullException.ThrowIfNull(checkers);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(partial);
        if (partial.Length > MaxLength)
        {
            return StepCheck.None;
        }

        var end = partial.LastIndexOf('\n');
        return end < 0 ? StepCheck.None : checkers.Check(problem, partial[..(end + 1)]);
    }

    /// <summary>True unless a complete line of <paramref name="partial"/> holds a claim the checkers judge false.</summary>
    public static bool Holds(StepCheckerRegistry checkers, Problem problem, string partial) => !Check(checkers, problem, partial).IsFlawed;
}
