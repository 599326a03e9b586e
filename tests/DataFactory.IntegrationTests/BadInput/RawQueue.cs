using System.Text;
using RabbitMQ.Client;

namespace DataFactory.IntegrationTests.BadInput;

/// <summary>
/// The test vhost spoken to without MassTransit: raw bytes published to a queue, as a foreign or
/// broken producer would, and a queue read back with its headers.
/// </summary>
internal sealed class RawQueue : IAsyncDisposable
{
    private readonly IConnection _connection;

    private RawQueue(IConnection connection) => _connection = connection;

    public static async Task<RawQueue> ConnectAsync(string amqp) =>
        new(await new ConnectionFactory { Uri = new Uri(amqp) }.CreateConnectionAsync());

    public async Task PublishAsync(string queue, string body)
    {
        await using var channel = await _connection.CreateChannelAsync();
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true, MessageId = Guid.NewGuid().ToString() };
        await channel.BasicPublishAsync("", queue, mandatory: true, properties, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Takes every message now in the queue: its body and its string headers.</summary>
    public async Task<IReadOnlyList<(string Body, IReadOnlyDictionary<string, string> Headers)>> DrainAsync(string queue)
    {
        await using var channel = await _connection.CreateChannelAsync();
        var messages = new List<(string, IReadOnlyDictionary<string, string>)>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            var headers = (message.BasicProperties.Headers ?? new Dictionary<string, object?>())
                .Where(h => h.Value is byte[])
                .ToDictionary(h => h.Key, h => Encoding.UTF8.GetString((byte[])h.Value!));
            messages.Add((Encoding.UTF8.GetString(message.Body.Span), headers));
        }

        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.CloseAsync();
        _connection.Dispose();
    }
}
