using System.ComponentModel.DataAnnotations;

namespace DataFactory.Worker.Options;

/// <summary>The message broker, bound from <c>DataFactory:Broker</c> (<c>DATAFACTORY__BROKER__...</c>).</summary>
public sealed class BrokerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DataFactory:Broker";

    /// <summary><c>rabbitmq</c>, or <c>in-memory</c> for the single-process embedded mode.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Transport { get; set; } = "rabbitmq";

    /// <summary>RabbitMQ address, <c>amqp://host:port/vhost</c>; credentials may be in it or below.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Host { get; set; } = "amqp://localhost:5672/";

    /// <summary>RabbitMQ user (when not in <see cref="Host"/>).</summary>
    public string? Username { get; set; }

    /// <summary>RabbitMQ password (when not in <see cref="Host"/>). A secret: never logged.</summary>
    public string? Password { get; set; }

    /// <summary>The queue the workers consume.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Queue { get; set; } = "generate-traces";

    /// <summary>
    /// Seconds <c>datafactory run</c> waits for the broker to confirm a send of up to 256 messages; past it,
    /// queueing stops with the run id and how to resume (a broker that refuses or blocks publishers).
    /// </summary>
    [Range(1, 3_600)]
    public int SendTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// The RabbitMQ management API (<c>http://host:15672/</c>), read by <c>datafactory status</c> for
    /// queue depths; empty means port 15672 of <see cref="Host"/>. It uses the broker's credentials.
    /// </summary>
    public string? ManagementUrl { get; set; }

    /// <summary>True for the in-memory transport.</summary>
    public bool IsInMemory => string.Equals(Transport, "in-memory", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Transport, "inmemory", StringComparison.OrdinalIgnoreCase);
}
