using System.Collections.Frozen;
using DataFactory.Core.Problems;
using DataFactory.Core.Steps.Arithmetic;
using DataFactory.Core.Steps.Cipher;
using DataFactory.Core.Steps.Columns;
using DataFactory.Core.Steps.Puzzles;

namespace DataFactory.Core.Steps;

/// <summary>
/// The step checkers of each task kind, combined into one <see cref="StepCheck"/> per trace: counts
/// add up, and the first false step is the earliest in the trace. Immutable and thread-safe.
/// </summary>
public sealed class StepCheckerRegistry
{
    private readonly FrozenDictionary<TaskKind, IStepChecker[]> _byKind;

    /// <summary>A registry of the given checkers; each runs on the kinds it handles, in the given order.</summary>
    public StepCheckerRegistry(IEnumerable<IStepChecker> checkers)
    {
        ArgumentNullException.ThrowIfNull(checkers);
        var all = checkers.ToArray();
        foreach (var checker in all)
        {
            ArgumentNullException.ThrowIfNull(checker, nameof(checkers));
        }

        _byKind = TaskKinds.All.ToFrozenDictionary(kind => kind, kind => all.Where(c => c.Handles(kind)).ToArray());
    }

    /// <summary>
    /// The built-in checkers: arithmetic claims for every kind but code, the written column method of
    /// "Calculate A op B" problems for math, the move checker for the 24 game and countdown, the letter
    /// checker for the cipher. Code has no step checker yet: its steps
    /// are program text, in which "10/4 = 2" can be a true statement about integer division.
    /// </summary>
    public static StepCheckerRegistry CreateDefault() => new([new ArithmeticClaimChecker(), new ColumnStepChecker(), new PuzzleStepChecker(), new CipherStepChecker()]);

    /// <summary>The checkers that run on traces of <paramref name="kind"/>.</summary>
    public IReadOnlyList<IStepChecker> For(TaskKind kind) => _byKind.TryGetValue(kind, out var checkers) ? checkers : [];

    /// <summary>The version a step check of <paramref name="kind"/> records now (as <see cref="StepCheck.Version"/>); empty when no checker runs.</summary>
    public string VersionOf(TaskKind kind) => string.Join('+', For(kind).Select(c => c.Version));

    /// <summary>Runs every checker of the problem's kind on the candidate.</summary>
    public StepCheck Check(Problem problem, string candidate)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(candidate);
        if (!_byKind.TryGetValue(problem.Kind, out var checkers) || checkers.Length == 0)
        {
            return StepCheck.None;
        }

        if (checkers.Length == 1)
        {
            return checkers[0].Check(problem, candidate);
        }

        int checkedSteps = 0, skipped = 0, reached = 0;
        FalseStep? first = null;
        var versions = new string[checkers.Length];
        for (var i = 0; i < checkers.Length; i++)
        {
            var result = checkers[i].Check(problem, candidate);
            checkedSteps += result.Checked;
            skipped += result.Skipped;
            reached += result.Reached;
            versions[i] = checkers[i].Version;
            if (result.FirstFalse is { } step && (first is null || step.Offset < first.Offset))
            {
                first = step;
            }
        }

        return new StepCheck(checkedSteps, skipped, first, string.Join('+', versions)) { Reached = reached };
    }
}
