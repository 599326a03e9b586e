namespace DataFactory.Storage.Models;

/// <summary>What the store learns about a model when it is registered: identity, parent, training.</summary>
/// <param name="Name">A name for people.</param>
/// <param name="Fingerprint">The model fingerprint.</param>
public sealed record ModelRegistration(string Name, string Fingerprint)
{
    /// <summary>The folder it was registered from.</summary>
    public string? Path { get; init; }

    /// <summary>The parent's name, used when the parent has no record yet.</summary>
    public string? ParentName { get; init; }

    /// <summary>The parent's fingerprint; null for a model trained from scratch or of unknown origin.</summary>
    public string? ParentFingerprint { get; init; }

    /// <summary>The runs whose export the model was trained on (they must exist).</summary>
    public IReadOnlyList<Guid> TrainedOnRuns { get; init; } = [];

    /// <summary>How it was trained, as JSON (the training tool's <c>lineage.json</c>).</summary>
    public string? Training { get; init; }
}
