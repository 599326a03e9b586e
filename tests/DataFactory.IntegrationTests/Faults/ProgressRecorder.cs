using Npgsql;

namespace DataFactory.IntegrationTests.Faults;

/// <summary>
/// Polls a run's finished count (done + failed) and keeps the moments it grew, so that gaps without
/// progress can be measured. Polls that fail (the database restarting) are skipped.
/// </summary>
internal sealed class ProgressRecorder : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly string _connectionString;
    private readonly Guid _runId;
    private readonly List<(DateTime At, int Finished)> _steps = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _latest;

    public ProgressRecorder(string connectionString, Guid runId)
    {
        _connectionString = connectionString;
        _runId = runId;
        Started = DateTime.UtcNow;
        _loop = Task.Run(LoopAsync);
    }

    public DateTime Started { get; }

    public int Latest => Volatile.Read(ref _latest);

    public IReadOnlyList<(DateTime At, int Finished)> Steps
    {
        get
        {
            lock (_steps)
            {
                return [.. _steps];
            }
        }
    }

    /// <summary>The first moment after <paramref name="moment"/> at which the count grew, or null.</summary>
    public DateTime? FirstProgressAfter(DateTime moment) => Steps.Where(s => s.At > moment).Select(s => (DateTime?)s.At).FirstOrDefault();

    /// <summary>The last moment at or before <paramref name="moment"/> at which the count grew (or the start).</summary>
    public DateTime LastProgressBefore(DateTime moment) => Steps.Where(s => s.At <= moment).Select(s => s.At).DefaultIfEmpty(Started).Max();

    /// <summary>
    /// The longest time without progress around a fault: between the last progress before it began and
    /// the first after it ended (or <paramref name="limit"/> when none came), progress during it included.
    /// </summary>
    public TimeSpan LongestStallAround(DateTime start, DateTime end, DateTime limit)
    {
        var from = LastProgressBefore(start);
        var to = FirstProgressAfter(end) ?? limit;
        var moments = Steps.Select(s => s.At).Where(at => at > from && at < to).Prepend(from).Append(to).ToArray();
        return moments.Zip(moments.Skip(1), (a, b) => b - a).Max();
    }

    /// <summary>The longest time without progress between the start and <paramref name="end"/>.</summary>
    public TimeSpan LongestStall(DateTime end)
    {
        var moments = Steps.Select(s => s.At).Prepend(Started).Append(end).ToArray();
        return moments.Zip(moments.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.Zero).Max();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(_stop.Token);
                await using var command = new NpgsqlCommand("SELECT problems_done + problems_failed FROM runs WHERE id = @id", connection);
                command.Parameters.AddWithValue("id", _runId);
                var finished = Convert.ToInt32(await command.ExecuteScalarAsync(_stop.Token), System.Globalization.CultureInfo.InvariantCulture);
                if (finished > _latest)
                {
                    lock (_steps)
                    {
                        _steps.Add((DateTime.UtcNow, finished));
                    }

                    Volatile.Write(ref _latest, finished);
                }
            }
            catch (NpgsqlException)
            {
                // The database is restarting: the next poll will see the count.
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
