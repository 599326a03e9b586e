namespace DataFactory.Core.Steps;

/// <summary>A claim a step checker judged false.</summary>
/// <param name="Index">The 0-based line of the trace that holds the claim (a step is a line, as in PRM800K).</param>
/// <param name="Text">The claim as written, shortened to at most 200 characters ("42/10=4").</param>
/// <param name="Reason">Why it is false ("42/10 is 21/5, not 4").</param>
/// <param name="Offset">The claim's character offset in the trace; orders claims within a line.</param>
public sealed record FalseStep(int Index, string Text, string Reason, int Offset);
