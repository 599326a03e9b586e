using System.Collections.Concurrent;
using DataFactory.Worker.Options;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Consumers;

/// <summary>
/// How long each batch has met a transient fault with the same cause (<see cref="TransientFaults.Cause"/>),
/// measured from the first failure with that cause. An outage of the database or the broker clears within
/// <see cref="WorkerOptions.TransientWindowSeconds"/>; a "transient" fault that keeps recurring beyond it
/// (a statement that always times out, a disk that stays full) would otherwise hold the batch in a silent
/// retry loop for ever. A different cause starts the measure again; success ends it.
/// </summary>
internal sealed class TransientFaultWindow(IOptions<WorkerOptions> options, TimeProvider time)
{
    // Episodes of batches that went away unfinished (the worker released them) are dropped after this.
    private static readonly TimeSpan Forgotten = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Episode> _episodes = new(StringComparer.Ordinal);

    /// <summary>The window; zero means faults are retried until they clear.</summary>
    public TimeSpan Window { get; } = TimeSpan.FromSeconds(options.Value.TransientWindowSeconds);

    /// <summary>
    /// Records that the batch <paramref name="batch"/> met <paramref name="fault"/> now. Returns how long the
    /// same cause has lasted when that is beyond the window (give up), else null (retry).
    /// </summary>
    public TimeSpan? Record(string batch, Exception fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var now = time.GetUtcNow();
        var cause = TransientFaults.Cause(fault);
        var episode = _episodes.AddOrUpdate(
            batch,
            _ => new Episode(cause, now, now),
            (_, old) => old.Cause == cause ? old with { Last = now } : new Episode(cause, now, now));
        Prune(now);
        var lasted = now - episode.Since;
        return Window > TimeSpan.Zero && lasted > Window ? lasted : null;
    }

    /// <summary>The batch succeeded or was failed for good: its measure ends.</summary>
    public void Clear(string batch) => _episodes.TryRemove(batch, out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (batch, episode) in _episodes)
        {
            if (now - episode.Last > Forgotten + Window)
            {
                _episodes.TryRemove(batch, out _);
            }
        }
    }

    private sealed record Episode(string Cause, DateTimeOffset Since, DateTimeOffset Last);
}
