using DataFactory.Core.Problems;

namespace DataFactory.Core.Steps;

/// <summary>
/// Judges the intermediate claims of a trace. Implementations are pure, deterministic and
/// thread-safe, never throw on any candidate text and run in time linear in its length; a claim
/// they cannot judge exactly is skipped, never guessed.
/// </summary>
public interface IStepChecker
{
    /// <summary>The checker and its revision ("arith-1"); it changes whenever a verdict could change.</summary>
    string Version { get; }

    /// <summary>True when the checker judges traces of this kind.</summary>
    bool Handles(TaskKind kind);

    /// <summary>Checks the candidate (the full model output) of the problem.</summary>
    StepCheck Check(Problem problem, string candidate);
}
