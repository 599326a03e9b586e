namespace DataFactory.Storage.Models;

/// <summary>A model as <c>datafactory models</c> lists it.</summary>
public sealed record ModelRow(
    Guid Id,
    string Name,
    string Fingerprint,
    Guid? ParentId,
    string? Path,
    IReadOnlyList<Guid> TrainedOnRuns,
    string? Training,
    DateTimeOffset CreatedAt,
    int Runs,
    int Evaluations,
    double? LatestMeanPassAt1);
