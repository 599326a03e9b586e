namespace DataFactory.Cli.Status;

/// <summary>The work queue and its error queue, or why they could not be read.</summary>
internal sealed record BrokerSnapshot(QueueDepth? Work, QueueDepth? Errors, string? Problem)
{
    public static BrokerSnapshot Unavailable(string problem) => new(null, null, problem);
}
