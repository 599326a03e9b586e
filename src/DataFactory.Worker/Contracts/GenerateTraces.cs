namespace DataFactory.Worker.Contracts;

/// <summary>
/// Command: generate, verify and store traces for a few problems of a run. The worker collects
/// these into batches sized to fill the engine; redelivery is safe (attempts are unique per run and
/// problem).
/// </summary>
/// <param name="RunId">The run the problems belong to.</param>
/// <param name="ProblemIds">Store ids of the problems (a small batch).</param>
public sealed record GenerateTraces(Guid RunId, IReadOnlyList<long> ProblemIds);
