namespace DataFactory.Cli.Status;

/// <summary>One queue as the RabbitMQ management API reports it; null counts were not aggregated yet.</summary>
/// <param name="Name">The queue.</param>
/// <param name="Exists">False when the broker has no such queue (an error queue before the first fault).</param>
/// <param name="Ready">Messages waiting for a consumer.</param>
/// <param name="Unacked">Messages delivered and not yet acknowledged (batches in hand).</param>
/// <param name="Consumers">Consumers attached (worker processes, one each).</param>
/// <param name="AckRate">Acknowledgements per second, the broker's own moving rate.</param>
/// <param name="RedeliverRate">Redeliveries per second.</param>
internal sealed record QueueDepth(string Name, bool Exists, long? Ready, long? Unacked, long? Consumers, double? AckRate, double? RedeliverRate)
{
    public static QueueDepth Missing(string name) => new(name, false, 0, 0, 0, null, null);
}
