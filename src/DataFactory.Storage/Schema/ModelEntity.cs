namespace DataFactory.Storage.Schema;

/// <summary>
/// A row of <c>models</c>: a model the factory ran, evaluated or trained, identified by its
/// fingerprint, with its parent and what it was trained on: the flywheel's lineage.
/// </summary>
public sealed class ModelEntity
{
    /// <summary>The model's id.</summary>
    public Guid Id { get; set; }

    /// <summary>A name for people (the folder name unless given).</summary>
    public required string Name { get; set; }

    /// <summary>The model fingerprint (<c>ModelFingerprint</c>): unique.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>The model it was fine-tuned from, if known.</summary>
    public Guid? ParentId { get; set; }

    /// <summary>The folder it was registered from, if any.</summary>
    public string? Path { get; set; }

    /// <summary>The runs whose export it was trained on, as a JSON array of run ids (jsonb on PostgreSQL).</summary>
    public required string TrainedOnRuns { get; set; }

    /// <summary>How it was trained (the training tool's <c>lineage.json</c>: data file and hash, steps, tokens, loss), or null.</summary>
    public string? Training { get; set; }

    /// <summary>When the model was first recorded.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
