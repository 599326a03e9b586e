using System.Diagnostics;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Runtime;
using DataFactory.Inference.Sampling;

namespace DataFactory.Inference.Generation;

/// <summary>
/// Continuous batching over every candidate of a call: rows that finish leave the batch after their step, and
/// pending candidates of the same or the next problems take their places at the next step, so the batch stays full
/// while work is queued. A problem's prompt is prefilled once, when its first candidate is admitted, and kept until
/// its last candidate has joined. Every row samples from its own generator, seeded by (run seed, problem, candidate
/// index), so which rows share a step does not change a candidate.
/// </summary>
/// <remarks>
/// <para>
/// The rows of one forward pass share one cache length, so a row that joins next to rows with long histories is
/// left-padded to their length, and every step pays for its padding (attention and the cache copy grow with the
/// length). The batch is therefore held as a few <em>cohorts</em>, each with its own cache: joining rows go into the
/// youngest cohort when it is at most <see cref="JoinSlack"/> positions longer than their prompts, and otherwise start
/// a new cohort while there are fewer than the most cohorts (<see cref="EngineOptions.ContinuousCohorts"/>); past that they join the shortest cohort. A step
/// runs one forward pass per cohort and counts as one step of all their rows.
/// </para>
/// <para>
/// With an early stop (<see cref="TokenPrompt.Enough"/>), every finished row is heard after its step (a row that
/// finished on its first token, after the next step); a problem that has enough abandons its rows still decoding, and
/// its pending candidates are never started.
/// </para>
/// </remarks>
internal sealed class ContinuousScheduler(
    DecoderModel model,
    RowSampler sampler,
    StatsAccumulator stats,
    int maxRows,
    int maxCohorts,
    IReadOnlyList<TokenPrompt> prompts,
    SamplingOptions sampling,
    SamplingParameters parameters,
    IReadOnlySet<int> eos,
    Func<IStopDetector?> stopDetectors,
    IRowObserver? observer,
    Func<IReadOnlyList<int>, (KvCache Cache, float[] Logits)> prefill)
{
    /// <summary>The most padding positions a joining row takes to join the youngest cohort instead of starting one.</summary>
    public const int JoinSlack = 16;

    private readonly CandidateQueue _queue = new(prompts, sampling, parameters, model.Info.ContextLength, stopDetectors, observer);
    private readonly Dictionary<int, (KvCache Cache, float[] Logits)> _prefilled = [];
    private readonly List<Cohort> _cohorts = [];

    /// <summary>Decode steps run.</summary>
    public long Steps => _queue.Steps;

    /// <summary>Decodes every candidate of every prompt; <paramref name="finished"/> receives each row as it finishes (abandoned ones included).</summary>
    public void Run(Action<DecodeRow, TimeSpan> finished, CancellationToken cancellationToken)
    {
        var inputs = new DecodeStepInputs();
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!Refill(finished, cancellationToken))
                {
                    return;
                }

                var running = new List<DecodeRow>();
                foreach (var cohort in _cohorts)
                {
                    var result = inputs.Step(model, cohort.Cache, cohort.Rows, stats);
                    cohort.Cache.Dispose();
                    cohort.Cache = result.Present;
                    using var logits = result.Logits;
                    var samplingStart = Stopwatch.GetTimestamp();
                    sampler.Sample(cohort.Rows, parameters, eos, (row, scratch) => logits.LastPosition(row.Slot, scratch));
                    stats.SamplingTicks += Stopwatch.GetTimestamp() - samplingStart;
                    running.AddRange(cohort.Rows);
                }

                _queue.StepDone(running, stats);
            }
        }
        finally
        {
            foreach (var cohort in _cohorts)
            {
                cohort.Cache.Dispose();
            }

            _cohorts.Clear();
            foreach (var (prefilled, _) in _prefilled.Values)
            {
                prefilled.Dispose();
            }

            _prefilled.Clear();
        }
    }

    /// <summary>
    /// Takes the finished rows out of their cohorts, drops the pending candidates of stopped problems and admits
    /// pending candidates into the free places (prefilling a new problem's prompt once, its first token sampled from
    /// the prefill's logits); false when nothing is left to decode.
    /// </summary>
    private bool Refill(Action<DecodeRow, TimeSpan> finished, CancellationToken cancellationToken)
    {
        var running = 0;
        for (var k = _cohorts.Count - 1; k >= 0; k--)
        {
            var cohort = _cohorts[k];
            if (!cohort.Rows.Exists(row => row.Done))
            {
                running += cohort.Rows.Count;
                continue;
            }

            foreach (var row in cohort.Rows.Where(row => row.Done))
            {
                finished(row, _queue.Elapsed(row));
            }

            var compacted = RowCompaction.Compact(model.Layout, cohort.Rows, cohort.Cache);
            cohort.Cache.Dispose();
            if (compacted is null)
            {
                _cohorts.RemoveAt(k);
            }
            else
            {
                cohort.Cache = compacted;
                running += cohort.Rows.Count;
            }
        }

        var joining = new List<DecodeRow>();
        while (running + joining.Count < maxRows && _queue.Head(finished) is var problem and >= 0)
        {
            foreach (var row in Admit(problem, maxRows - running - joining.Count, cancellationToken))
            {
                if (row.Done)
                {
                    finished(row, _queue.Elapsed(row));
                    _queue.FinishedAtAdmission(row);
                }
                else
                {
                    joining.Add(row);
                }
            }
        }

        if (joining.Count > 0)
        {
            Place(joining);
        }

        ReleasePrefills();
        return _cohorts.Count > 0;
    }

    /// <summary>Puts joining rows into the youngest cohort when it is short enough, else into a new cohort while there is room for one, else into the shortest.</summary>
    private void Place(List<DecodeRow> joining)
    {
        var longestPrompt = joining.Max(row => prompts[row.Problem].Tokens.Count);
        var youngest = _cohorts.Count == 0 ? null : _cohorts[^1];
        var target = youngest is not null && youngest.Cache.Length - longestPrompt <= JoinSlack
            ? youngest
            : _cohorts.Count < maxCohorts ? null : _cohorts.MinBy(cohort => cohort.Cache.Length);
        var rows = target?.Rows ?? [];
        var real = rows.Select(row => target!.Cache.Length - row.PadLeft).Concat(joining.Select(row => prompts[row.Problem].Tokens.Count)).ToArray();
        var length = real.Max();
        var sources = new KvRowSource[real.Length];
        for (var i = 0; i < rows.Count; i++)
        {
            // A cohort's cache holds its rows in list order (its last step, compaction and placing keep it so).
            sources[i] = new KvRowSource(target!.Cache, i, real[i]);
        }

        for (var j = 0; j < joining.Count; j++)
        {
            sources[rows.Count + j] = new KvRowSource(_prefilled[joining[j].Problem].Cache, 0, real[rows.Count + j]);
        }

        var rebuilt = KvCache.Gather(model.Layout, sources, length);
        rows.AddRange(joining);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].PadLeft = length - real[i];
        }

        if (target is null)
        {
            // The newest cohort goes last: it is the youngest.
            _cohorts.Add(new Cohort(rows, rebuilt));
        }
        else
        {
            target.Cache.Dispose();
            target.Cache = rebuilt;
        }
    }

    /// <summary>Up to <paramref name="room"/> candidates of <paramref name="problem"/>, prefilled once, their first tokens sampled.</summary>
    private List<DecodeRow> Admit(int problem, int room, CancellationToken cancellationToken)
    {
        if (!_prefilled.TryGetValue(problem, out var prefilled))
        {
            cancellationToken.ThrowIfCancellationRequested();
            _queue.Start(problem);
            prefilled = prefill(prompts[problem].Tokens);
            _prefilled[problem] = prefilled;
        }

        var rows = _queue.Take(problem, room);
        var samplingStart = Stopwatch.GetTimestamp();
        sampler.Sample(rows, parameters, eos, (_, _) => prefilled.Logits);
        stats.SamplingTicks += Stopwatch.GetTimestamp() - samplingStart;
        return rows;
    }

    /// <summary>Disposes the prompt caches of problems with no candidate left to admit (their rows hold copies).</summary>
    private void ReleasePrefills()
    {
        foreach (var problem in _prefilled.Keys.Where(_queue.AllStarted).ToList())
        {
            _prefilled[problem].Cache.Dispose();
            _prefilled.Remove(problem);
        }
    }

    /// <summary>Rows that share one cache, and so one cache length.</summary>
    private sealed class Cohort(List<DecodeRow> rows, KvCache cache)
    {
        public List<DecodeRow> Rows { get; } = rows;

        public KvCache Cache { get; set; } = cache;
    }
}
