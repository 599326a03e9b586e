using System.Text.RegularExpressions;

namespace DataFactory.IntegrationTests.Faults;

/// <summary>
/// Worker processes in fixed slots. A slot's worker can be killed (SIGKILL) and replaced at once;
/// every process ever started is kept for its log, and the time each replacement took to report
/// ready is measured.
/// </summary>
internal sealed partial class WorkerPool(FactoryEnvironment factory, int slots) : IAsyncDisposable
{
    private const string ReadyLine = "Worker serves model";

    private readonly CliProcess[] _current = new CliProcess[slots];
    private readonly HashSet<CliProcess> _ready = [];
    private readonly List<CliProcess> _all = [];
    private readonly List<(CliProcess Process, DateTime Started)> _starting = [];
    private readonly List<TimeSpan> _readyTimes = [];

    public int Kills { get; private set; }

    public IReadOnlyList<TimeSpan> ReadyTimes => _readyTimes;

    /// <summary>Whether a current worker has reported ready (and so may hold work to lose).</summary>
    public bool AnyReady => _current.Any(_ready.Contains);

    public void StartAll()
    {
        for (var slot = 0; slot < _current.Length; slot++)
        {
            _current[slot] = Start();
        }
    }

    /// <summary>Kills a ready worker, the slot next in turn first, and starts its replacement.</summary>
    public async Task KillAndReplaceReadyAsync()
    {
        var slot = Enumerable.Range(0, _current.Length)
            .Select(offset => (Kills + offset) % _current.Length)
            .First(candidate => _ready.Contains(_current[candidate]));
        await _current[slot].KillAsync();
        Kills++;
        _current[slot] = Start();
    }

    /// <summary>Notes replacements that have reported ready; fails when a worker exited on its own.</summary>
    public void Watch()
    {
        var now = DateTime.UtcNow;
        _starting.RemoveAll(s =>
        {
            if (!s.Process.Output.Contains(ReadyLine, StringComparison.Ordinal) && !s.Process.Error.Contains(ReadyLine, StringComparison.Ordinal))
            {
                return false;
            }

            _readyTimes.Add(now - s.Started);
            _ready.Add(s.Process);
            return true;
        });
        var dead = _current.FirstOrDefault(w => w.HasExited);
        Assert.True(dead is null, "a worker exited on its own: " + dead?.Error + dead?.Output);
    }

    public async Task StopAllAsync()
    {
        foreach (var worker in _current)
        {
            await worker.StopAsync();
        }
    }

    /// <summary>Summed over every worker's log: messages that came back redelivered.</summary>
    public int Redelivered() => Sum(RedeliveredLine());

    /// <summary>Summed over every worker's log: batches retried after a transient fault.</summary>
    public int TransientRetries() => _all.Sum(w => RetryLine().Count(w.Output + w.Error));

    /// <summary>Log lines of every worker that say a message failed for good or was rejected.</summary>
    public IReadOnlyList<string> Failures() =>
        [.. _all.SelectMany(w => FailureLine().Matches(w.Output + w.Error)).Select(m => m.Value)];

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _all)
        {
            await worker.DisposeAsync();
        }
    }

    private CliProcess Start()
    {
        var worker = factory.StartWorker();
        _all.Add(worker);
        _starting.Add((worker, DateTime.UtcNow));
        return worker;
    }

    private int Sum(Regex pattern) => _all.Sum(w => pattern.Matches(w.Output + w.Error).Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"Batch of \d+ messages: (\d+) redelivered")]
    private static partial Regex RedeliveredLine();

    [GeneratedRegex(@"failed on attempt \d+ \([A-Za-z]+\); retrying")]
    private static partial Regex RetryLine();

    [GeneratedRegex(@"(failed for good|Malformed GenerateTraces message)[^\n]*")]
    private static partial Regex FailureLine();
}
