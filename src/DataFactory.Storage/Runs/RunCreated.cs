namespace DataFactory.Storage.Runs;

/// <summary>A new run and the store ids of the problems to queue for it.</summary>
public sealed record RunCreated(Guid RunId, IReadOnlyList<long> ProblemIds);
