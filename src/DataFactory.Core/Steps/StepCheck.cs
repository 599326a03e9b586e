namespace DataFactory.Core.Steps;

/// <summary>
/// What the step checkers found in one trace: how many claims they judged, how many they found but
/// could not judge (a variable, an approximation, a number too large), and the first false one.
/// </summary>
/// <param name="Checked">Claims judged true or false.</param>
/// <param name="Skipped">Claims found but not judged; a skipped claim never makes a trace flawed.</param>
/// <param name="FirstFalse">The earliest false claim in the trace, or null.</param>
/// <param name="Version">The versions of the checkers that ran, joined with '+' ("arith-1+puzzle-1"); empty when none ran.</param>
public sealed record StepCheck(int Checked, int Skipped, FalseStep? FirstFalse, string Version)
{
    /// <summary>No checker ran.</summary>
    public static StepCheck None { get; } = new(0, 0, null, string.Empty);

    /// <summary>True when a checked claim is false. A trace with a correct final answer and a false step is flawed.</summary>
    public bool IsFlawed => FirstFalse is not null;

    /// <summary>
    /// Of the claims judged true, those that state the goal reached: a 24-game or countdown try whose "Yes" holds
    /// (the target reached with every number used). Progress that search ranks partial traces by.
    /// </summary>
    public int Reached { get; init; }
}
