using System.ComponentModel.DataAnnotations;

namespace DataFactory.Worker.Options;

/// <summary>
/// Worker settings, bound from the <c>DataFactory:Worker</c> section (environment:
/// <c>DATAFACTORY__WORKER__...</c>) and validated at start.
/// </summary>
public sealed class WorkerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DataFactory:Worker";

    /// <summary>Problems per <c>GenerateTraces</c> message when a run is queued.</summary>
    [Range(1, 256)]
    public int ProblemsPerMessage { get; set; } = 2;

    /// <summary>Messages (each a few problems) collected into one engine batch.</summary>
    [Range(1, 1024)]
    public int MessagesPerBatch { get; set; } = 8;

    /// <summary>How long to wait for a batch to fill before running a partial one.</summary>
    [Range(1, 60_000)]
    public int BatchTimeLimitMilliseconds { get; set; } = 200;

    /// <summary>Batches processed at once by one worker process (one engine each is not shared: keep 1 per GPU).</summary>
    [Range(1, 64)]
    public int ConcurrentBatches { get; set; } = 1;

    /// <summary>Messages the broker may send ahead; 0 means twice the batch size times concurrency.</summary>
    [Range(0, 65_535)]
    public int PrefetchCount { get; set; }

    /// <summary>
    /// Retries of a batch that keeps meeting a transient fault (the database or broker unreachable, a
    /// timeout), with exponential backoff between <see cref="RetryMinMilliseconds"/> and
    /// <see cref="RetryMaxMilliseconds"/>. 0, the default, retries until the fault clears: an outage
    /// never fails a problem, and the batch's messages stay unacknowledged meanwhile, so they return to
    /// the queue if the worker stops. Past a non-zero limit the batch is handled like a permanent fault.
    /// </summary>
    [Range(0, 1000)]
    public int RetryLimit { get; set; }

    /// <summary>First retry delay.</summary>
    [Range(1, 600_000)]
    public int RetryMinMilliseconds { get; set; } = 200;

    /// <summary>Longest retry delay.</summary>
    [Range(1, 3_600_000)]
    public int RetryMaxMilliseconds { get; set; } = 30_000;

    /// <summary>
    /// Seconds a batch may keep meeting a transient fault with the same cause, measured from its first
    /// failure with that cause, before its messages are failed with the reason and moved to the error
    /// queue. The default, 300, rides out restarts of PostgreSQL and RabbitMQ (seconds to a minute or two
    /// on a loaded machine); 0 retries until the fault clears.
    /// </summary>
    [Range(0, 604_800)]
    public int TransientWindowSeconds { get; set; } = 300;

    /// <summary>How long a stopping worker waits for the batch in hand before releasing it to the broker.</summary>
    [Range(0, 3_600)]
    public int ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>Whether a batch that met a transient fault on retry attempt <paramref name="attempt"/> is retried again.</summary>
    public bool RetriesTransient(int attempt) => RetryLimit == 0 || attempt < RetryLimit;

    /// <summary>The prefetch count actually used.</summary>
    public int EffectivePrefetch => PrefetchCount > 0 ? PrefetchCount : Math.Max(2, MessagesPerBatch * ConcurrentBatches * 2);
}
