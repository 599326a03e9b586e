using System.Diagnostics;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Runtime;
using DataFactory.Inference.Sampling;

namespace DataFactory.Inference.Generation;

/// <summary>
/// Continuous batching over a shared-cache graph (<see cref="Models.DecoderSignature.SharedCache"/>): the batch is one
/// <see cref="SlotCache"/> whose first rows are the running candidates, each with its own length. A finished row
/// leaves after its step (the last row moves into its slot), and pending candidates of the same or the next problems
/// take the free slots at the next step. A problem's prompt is prefilled once, into a one-row cache, and copied to the
/// slot of each of its candidates as they join; it is released when its last candidate has joined. Unlike
/// <see cref="ContinuousScheduler"/>, no row is ever padded: every pass attends each row over its own positions only,
/// and writes only the new position of each row. Every row samples from its own generator, seeded by (run seed,
/// problem, candidate index), so which rows share a step does not change a candidate's draws.
/// </summary>
/// <remarks>
/// With an early stop (<see cref="TokenPrompt.Enough"/>), every finished row is heard after its step (a row that
/// finished on its first token, after the next step); a problem that has enough abandons its rows still decoding, and
/// its pending candidates are never started.
/// </remarks>
internal sealed class SlotScheduler(
    DecoderModel model,
    RowSampler sampler,
    StatsAccumulator stats,
    int maxRows,
    IReadOnlyList<TokenPrompt> prompts,
    SamplingOptions sampling,
    SamplingParameters parameters,
    IReadOnlySet<int> eos,
    Func<IStopDetector?> stopDetectors,
    IRowObserver? observer,
    Func<IReadOnlyList<int>, SlotCache, float[]> prefill)
{
    private readonly CandidateQueue _queue = new(prompts, sampling, parameters, model.Info.ContextLength, stopDetectors, observer);
    private readonly Dictionary<int, (SlotCache Cache, float[] Logits)> _prefilled = [];
    private readonly Stack<SlotCache> _spare = new();
    private readonly List<DecodeRow> _rows = [];
    private long[] _ids = [];
    private int[] _lengths = [];

    /// <summary>Decode steps run.</summary>
    public long Steps => _queue.Steps;

    /// <summary>Decodes every candidate of every prompt; <paramref name="finished"/> receives each row as it finishes (abandoned ones included).</summary>
    public void Run(Action<DecodeRow, TimeSpan> finished, CancellationToken cancellationToken)
    {
        // As many slots as rows can run, each as long as its longest possible row: the cache is allocated per call.
        var longest = prompts.Count == 0 ? 1 : prompts.Max(p => p.Tokens.Count) + sampling.MaxNewTokens;
        using var cache = new SlotCache(model.Layout, Math.Max(1, Math.Min(maxRows, _queue.Count)), Math.Min(model.Info.ContextLength, longest));
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!Refill(cache, finished, cancellationToken))
                {
                    return;
                }

                Step(cache);
                _queue.StepDone(_rows, stats);
            }
        }
        finally
        {
            foreach (var (prompt, _) in _prefilled.Values)
            {
                prompt.Dispose();
            }

            _prefilled.Clear();
            while (_spare.TryPop(out var spare))
            {
                spare.Dispose();
            }
        }
    }

    /// <summary>One forward pass over every running row: its last token at its own position.</summary>
    private void Step(SlotCache cache)
    {
        var count = _rows.Count;
        if (_ids.Length < count)
        {
            _ids = new long[cache.Slots];
            _lengths = new int[cache.Slots];
        }

        for (var r = 0; r < count; r++)
        {
            var row = _rows[r];
            row.Slot = r;
            _ids[r] = row.LastToken;
            _lengths[r] = Length(row);
            stats.CachePositions += _lengths[r];
        }

        stats.DecodePasses++;
        var forwardStart = Stopwatch.GetTimestamp();
        using var logits = model.ForwardShared(cache, 0, count, _ids, _lengths, 1);
        stats.DecodeTicks += Stopwatch.GetTimestamp() - forwardStart;
        var samplingStart = Stopwatch.GetTimestamp();
        sampler.Sample(_rows, parameters, eos, (row, scratch) => logits.LastPosition(row.Slot, scratch));
        stats.SamplingTicks += Stopwatch.GetTimestamp() - samplingStart;
    }

    /// <summary>Positions a running row holds in the cache: its prompt and every token but the last sampled (fed next).</summary>
    private int Length(DecodeRow row) => prompts[row.Problem].Tokens.Count + row.Tokens.Count - 1;

    /// <summary>
    /// Takes the finished rows out (the last running row moving into each free slot) and admits pending candidates
    /// into the free slots (prefilling a new problem's prompt once, its first token sampled from the prefill's
    /// logits); false when nothing is left to decode.
    /// </summary>
    private bool Refill(SlotCache cache, Action<DecodeRow, TimeSpan> finished, CancellationToken cancellationToken)
    {
        for (var r = _rows.Count - 1; r >= 0; r--)
        {
            var row = _rows[r];
            if (!row.Done)
            {
                continue;
            }

            finished(row, _queue.Elapsed(row));
            var last = _rows.Count - 1;
            if (r != last)
            {
                // Rows after r are still running (the loop goes backwards), so the last one moves into r's slot.
                cache.CopyRow(cache, last, r, Length(_rows[last]));
                _rows[r] = _rows[last];
            }

            _rows.RemoveAt(last);
        }

        while (_rows.Count < cache.Slots && _queue.Head(finished) is var problem and >= 0)
        {
            foreach (var row in Admit(cache, problem, cache.Slots - _rows.Count, cancellationToken))
            {
                if (row.Done)
                {
                    finished(row, _queue.Elapsed(row));
                    _queue.FinishedAtAdmission(row);
                }
                else
                {
                    cache.CopyRow(_prefilled[row.Problem].Cache, 0, _rows.Count, prompts[row.Problem].Tokens.Count);
                    _rows.Add(row);
                }
            }

        }

        // Problems with every candidate started (or abandoned): their rows hold copies of the prompt, so the prompt
        // caches go back to the spares.
        foreach (var done in _prefilled.Keys.Where(_queue.AllStarted).ToList())
        {
            _spare.Push(_prefilled[done].Cache);
            _prefilled.Remove(done);
        }

        return _rows.Count > 0;
    }

    /// <summary>Up to <paramref name="room"/> candidates of <paramref name="problem"/>, prefilled once, their first tokens sampled.</summary>
    private List<DecodeRow> Admit(SlotCache cache, int problem, int room, CancellationToken cancellationToken)
    {
        if (!_prefilled.TryGetValue(problem, out var prefilled))
        {
            cancellationToken.ThrowIfCancellationRequested();
            _queue.Start(problem);
            var promptCache = _spare.TryPop(out var spare) ? spare : new SlotCache(cache.Layout, 1, cache.Capacity);
            try
            {
                prefilled = (promptCache, prefill(prompts[problem].Tokens, promptCache));
            }
            catch
            {
                promptCache.Dispose();
                throw;
            }

            _prefilled[problem] = prefilled;
        }

        var rows = _queue.Take(problem, room);
        var samplingStart = Stopwatch.GetTimestamp();
        sampler.Sample(rows, parameters, eos, (_, _) => prefilled.Logits);
        stats.SamplingTicks += Stopwatch.GetTimestamp() - samplingStart;
        return rows;
    }
}
