namespace DataFactory.Core.Problems;

/// <summary>A named set of problems whose ids are unique within the set.</summary>
public sealed record ProblemSet(string Name, IReadOnlyList<Problem> Problems);
