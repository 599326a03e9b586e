using System.Diagnostics;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Sampling;

namespace DataFactory.Inference.Generation;

/// <summary>
/// The candidates of one continuous-batching call still to start, problem by problem in request order, and the
/// bookkeeping both continuous schedulers share: when each problem started, its rows as they are admitted (each with
/// its own generator, seeded by (run seed, problem, candidate index)), the early stops, and the step counts.
/// </summary>
internal sealed class CandidateQueue
{
    private readonly Queue<(int Problem, int Candidate)> _pending = new();
    private readonly IReadOnlyList<TokenPrompt> _prompts;
    private readonly SamplingOptions _sampling;
    private readonly SamplingParameters _parameters;
    private readonly int _contextLength;
    private readonly Func<IStopDetector?> _stopDetectors;
    private readonly IRowObserver? _observer;
    private readonly int[] _left;
    private readonly long[] _started;
    private readonly EarlyStops? _early;
    private readonly List<DecodeRow> _finishedAtAdmission = [];

    public CandidateQueue(
        IReadOnlyList<TokenPrompt> prompts,
        SamplingOptions sampling,
        SamplingParameters parameters,
        int contextLength,
        Func<IStopDetector?> stopDetectors,
        IRowObserver? observer)
    {
        _prompts = prompts;
        _sampling = sampling;
        _parameters = parameters;
        _contextLength = contextLength;
        _stopDetectors = stopDetectors;
        _observer = observer;
        _left = new int[prompts.Count];
        _started = new long[prompts.Count];
        _early = EarlyStops.Any(prompts) ? new EarlyStops(prompts) : null;
        for (var p = 0; p < prompts.Count; p++)
        {
            var count = prompts[p].CountOr(sampling.Samples);
            _left[p] = count;
            for (var c = prompts[p].FirstCandidate; c < prompts[p].FirstCandidate + count; c++)
            {
                _pending.Enqueue((p, c));
            }
        }
    }

    /// <summary>Candidates not started yet.</summary>
    public int Count => _pending.Count;

    /// <summary>Decode steps run.</summary>
    public long Steps { get; private set; }

    /// <summary>A finished row's time since its problem's first candidate started.</summary>
    public TimeSpan Elapsed(DecodeRow row) => Stopwatch.GetElapsedTime(_started[row.Problem], row.FinishedAt);

    /// <summary>
    /// The problem whose candidates start next, or -1 when none is left; the pending candidates of problems an early
    /// stop has ended are reported to <paramref name="finished"/> as abandoned on the way, never started.
    /// </summary>
    public int Head(Action<DecodeRow, TimeSpan> finished)
    {
        while (_pending.TryPeek(out var head))
        {
            if (_early?.Stopped(head.Problem) != true)
            {
                return head.Problem;
            }

            while (_pending.TryPeek(out var next) && next.Problem == head.Problem)
            {
                _pending.Dequeue();
                _left[head.Problem]--;
                var skipped = new DecodeRow(head.Problem, next.Candidate, 0, MaxTokens(head.Problem), null);
                skipped.Abandon(Stopwatch.GetTimestamp());
                finished(skipped, TimeSpan.Zero);
            }
        }

        return -1;
    }

    /// <summary>Marks <paramref name="problem"/> as started (its prompt is being prefilled).</summary>
    public void Start(int problem) => _started[problem] = Stopwatch.GetTimestamp();

    /// <summary>Takes up to <paramref name="room"/> pending candidates of <paramref name="problem"/>, the head, as new rows.</summary>
    public List<DecodeRow> Take(int problem, int room)
    {
        var prompt = _prompts[problem];
        var rows = new List<DecodeRow>();
        while (rows.Count < room && _pending.TryPeek(out var next) && next.Problem == problem)
        {
            _pending.Dequeue();
            _left[problem]--;
            var seed = CandidateSeed.Derive(_sampling.Seed, prompt.ProblemId, next.Candidate);
            rows.Add(new DecodeRow(problem, next.Candidate, seed, MaxTokens(problem), _stopDetectors(), _parameters.LogProbabilities)
            {
                Observer = _observer,
                Guard = prompt.Guard?.Invoke(),
            });
        }

        return rows;
    }

    /// <summary>True once every candidate of <paramref name="problem"/> has started: its prompt cache can go.</summary>
    public bool AllStarted(int problem) => _left[problem] == 0;

    /// <summary>A row that finished on its first token, at admission: the early stop hears it with the next step's rows.</summary>
    public void FinishedAtAdmission(DecodeRow row) => _finishedAtAdmission.Add(row);

    /// <summary>Counts a decode step of <paramref name="running"/> and lets the early stops hear the rows that finished.</summary>
    public void StepDone(List<DecodeRow> running, StatsAccumulator stats)
    {
        stats.DecodeSteps++;
        stats.RowSteps += running.Count;
        if (_pending.Count > 0)
        {
            stats.QueuedDecodeSteps++;
            stats.QueuedRowSteps += running.Count;
        }

        Steps++;
        if (_early is not null)
        {
            _early.Heard([.. running, .. _finishedAtAdmission], Stopwatch.GetTimestamp());
            _finishedAtAdmission.Clear();
        }
    }

    private int MaxTokens(int problem) => Math.Min(_sampling.MaxNewTokens, _contextLength - _prompts[problem].Tokens.Count);
}
