using DataFactory.Worker.Hosting;
using DataFactory.Worker.Options;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Routing;

/// <summary>The model this worker serves, by fingerprint, and the queues it consumes.</summary>
public sealed class ServedModel
{
    /// <summary>The model of the worker's backend: the configured folder and variant, or the server's model.</summary>
    public ServedModel(EngineHost engine, IOptions<BrokerOptions> broker)
        : this(engine?.Fingerprint ?? throw new ArgumentNullException(nameof(engine)), Value(broker).Queue)
    {
    }

    /// <summary>A model known by its fingerprint, consuming <paramref name="baseQueue"/> and the model's own queue.</summary>
    public ServedModel(string fingerprint, string baseQueue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint);
        Fingerprint = fingerprint;
        BaseQueue = baseQueue;
        Queue = ModelQueue.For(baseQueue, fingerprint);
    }

    /// <summary>The fingerprint of the model in use (<see cref="EngineHost.Fingerprint"/>).</summary>
    public string Fingerprint { get; }

    /// <summary>The queue for any worker (<c>DataFactory:Broker:Queue</c>).</summary>
    public string BaseQueue { get; }

    /// <summary>The queue of this model's runs.</summary>
    public string Queue { get; }

    /// <summary>Whether a run created for <paramref name="fingerprint"/> is served here (a run without one is served anywhere).</summary>
    public bool Serves(string? fingerprint) =>
        string.IsNullOrWhiteSpace(fingerprint) || string.Equals(fingerprint, Fingerprint, StringComparison.OrdinalIgnoreCase);

    private static T Value<T>(IOptions<T> options)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Value;
    }
}
