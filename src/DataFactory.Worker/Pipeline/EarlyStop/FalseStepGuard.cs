using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Partial;
using DataFactory.Storage.Runs;

namespace DataFactory.Worker.Pipeline.EarlyStop;

/// <summary>
/// The step guard of a run with <c>--stop-on-false-step</c> (<see cref="Core.Harvest.HarvestSettings.StopOnFalseStep"/>):
/// the engine asks it at every line a candidate completes, and ends the candidate once a complete line holds a claim
/// the problem's step checkers judge false (<see cref="PartialStepCheck"/>, the same checkers that mark a trace
/// flawed). Such a candidate can only end flawed or rejected, and the run stores neither.
/// </summary>
internal static class FalseStepGuard
{
    /// <summary>
    /// The guard for one problem of <paramref name="run"/>, or null where candidates must be generated whole: the run
    /// did not ask for it, keeps flawed or rejected candidates (whose text the guard would cut short), the problem is
    /// voted on by consensus (a candidate cut short casts no vote), or no step checker judges its kind.
    /// </summary>
    public static Func<string, bool>? For(HarvestedProblem problem, RunSummary run, StepCheckerRegistry checkers)
    {
        if (!run.Harvest.StopOnFalseStep || run.KeepFlawed || run.KeepRejected || problem.Vote is not null
            || checkers.For(problem.Problem.Kind).Count == 0)
        {
            return null;
        }

        var target = problem.Problem;
        return text => PartialStepCheck.Holds(checkers, target, text);
    }
}
