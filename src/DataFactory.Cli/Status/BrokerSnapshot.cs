namespace DataFactory.Cli.Status;

/// <summary>
/// The base work queue and its error queue, the queue of each model with messages or consumers and its
/// error queue, or why they could not be read.
/// </summary>
internal sealed record BrokerSnapshot(QueueDepth? Work, QueueDepth? Errors, string? Problem)
{
    /// <summary>The queues of the models (<c>&lt;queue&gt;.&lt;fingerprint&gt;</c>), each with its error queue, by name.</summary>
    public IReadOnlyList<(QueueDepth Work, QueueDepth Errors)> Models { get; init; } = [];

    public static BrokerSnapshot Unavailable(string problem) => new(null, null, problem);
}
