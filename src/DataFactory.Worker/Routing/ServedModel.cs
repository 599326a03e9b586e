using DataFactory.Worker.Options;
using DataFactory.Worker.Pipeline;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Routing;

/// <summary>The model this worker serves, by fingerprint, and the queues it consumes.</summary>
public sealed class ServedModel
{
    /// <summary>Fingerprints the configured model folder and variant.</summary>
    public ServedModel(IOptions<ModelOptions> model, IOptions<BrokerOptions> broker)
        : this(ModelFingerprint.Compute(Value(model).Directory, Value(model).Variant), Value(broker).Queue)
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

    /// <summary>The <see cref="ModelFingerprint"/> of the model and variant in use.</summary>
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
