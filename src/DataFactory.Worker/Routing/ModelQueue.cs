namespace DataFactory.Worker.Routing;

/// <summary>
/// Queue names. A run's messages go to the queue of its model, <c>&lt;queue&gt;.&lt;first 16 hex of the
/// model fingerprint&gt;</c> (<c>generate-traces.3f9a0c...</c>), which only workers serving that model
/// consume; the base queue (<c>generate-traces</c>) takes messages for any worker (a run without a
/// fingerprint, an older CLI), and each worker forwards those of another model to that model's queue.
/// A queue's failing messages go to <c>&lt;queue&gt;_error</c>.
/// </summary>
public static class ModelQueue
{
    /// <summary>Hex digits of the fingerprint in a queue name: 64 bits, far from any collision among one factory's models.</summary>
    public const int FingerprintDigits = 16;

    /// <summary>The queue of the model with <paramref name="fingerprint"/>, or the base queue when the fingerprint is unknown.</summary>
    public static string For(string baseQueue, string? fingerprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseQueue);
        return string.IsNullOrWhiteSpace(fingerprint)
            ? baseQueue
            : $"{baseQueue}.{fingerprint[..Math.Min(FingerprintDigits, fingerprint.Length)].ToLowerInvariant()}";
    }

    /// <summary>Where the failing messages of <paramref name="queue"/> go.</summary>
    public static string ErrorQueue(string queue) => queue + "_error";

    /// <summary>The queue name of a receive endpoint's input address (its last path segment), or null.</summary>
    public static string? NameOf(Uri? inputAddress) =>
        inputAddress is null ? null : inputAddress.Segments.LastOrDefault()?.Trim('/') is { Length: > 0 } name ? Uri.UnescapeDataString(name) : null;
}
