using System.Diagnostics;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Runtime;
using DataFactory.Inference.Sampling;

namespace DataFactory.Inference.Generation;

/// <summary>
/// Continuous batching over every candidate of a call: rows that finish leave the batch after their step, and
/// pending candidates of the same or the next problems take their places in the same cache rebuild, so the batch
/// stays full while work is queued. A problem's prompt is prefilled once, when its first candidate is admitted,
/// and kept until its last candidate has joined. Every row samples from its own generator, seeded by (run seed,
/// problem, candidate index), so which rows share a step does not change a candidate.
/// </summary>
internal sealed class ContinuousScheduler(
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
    Func<IReadOnlyList<int>, (KvCache Cache, float[] Logits)> prefill)
{
    private readonly Queue<(int Problem, int Candidate)> _pending = new();
    private readonly Dictionary<int, (KvCache Cache, float[] Logits)> _prefilled = [];
    private readonly int[] _left = new int[prompts.Count];
    private readonly long[] _started = new long[prompts.Count];

    /// <summary>Decode steps run.</summary>
    public long Steps { get; private set; }

    /// <summary>Decodes every candidate of every prompt; <paramref name="finished"/> receives each row as it finishes.</summary>
    public void Run(Action<DecodeRow, TimeSpan> finished, CancellationToken cancellationToken)
    {
        for (var p = 0; p < prompts.Count; p++)
        {
            var count = prompts[p].CountOr(sampling.Samples);
            _left[p] = count;
            for (var c = prompts[p].FirstCandidate; c < prompts[p].FirstCandidate + count; c++)
            {
                _pending.Enqueue((p, c));
            }
        }

        var active = new List<DecodeRow>();
        KvCache? cache = null;
        var inputs = new DecodeStepInputs();
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                cache = Refill(active, cache, finished, cancellationToken);
                if (cache is null)
                {
                    return;
                }

                var rowCount = active.Count;
                var result = inputs.Step(model, cache, active, stats);
                if (_pending.Count > 0)
                {
                    stats.QueuedDecodeSteps++;
                    stats.QueuedRowSteps += rowCount;
                }

                Steps++;
                cache.Dispose();
                cache = result.Present;
                using var logits = result.Logits;
                var samplingStart = Stopwatch.GetTimestamp();
                sampler.Sample(active, parameters, eos, (row, scratch) => logits.LastPosition(row.Slot, scratch));
                stats.SamplingTicks += Stopwatch.GetTimestamp() - samplingStart;
            }
        }
        finally
        {
            cache?.Dispose();
            foreach (var (prefilled, _) in _prefilled.Values)
            {
                prefilled.Dispose();
            }

            _prefilled.Clear();
        }
    }

    /// <summary>
    /// Takes the finished rows out, admits pending candidates into the free places (prefilling a new problem's
    /// prompt once, its first token sampled from the prefill's logits) and rebuilds the cache once for both;
    /// null when nothing is left to decode. Takes ownership of <paramref name="cache"/>.
    /// </summary>
    private KvCache? Refill(List<DecodeRow> active, KvCache? cache, Action<DecodeRow, TimeSpan> finished, CancellationToken cancellationToken)
    {
        var survivors = new List<DecodeRow>(active.Count);
        foreach (var row in active)
        {
            if (row.Done)
            {
                finished(row, Stopwatch.GetElapsedTime(_started[row.Problem], row.FinishedAt));
            }
            else
            {
                survivors.Add(row);
            }
        }

        var joining = new List<DecodeRow>();
        while (survivors.Count + joining.Count < maxRows && _pending.Count > 0)
        {
            var admitted = Admit(maxRows - survivors.Count - joining.Count, cancellationToken);
            foreach (var row in admitted)
            {
                if (row.Done)
                {
                    finished(row, Stopwatch.GetElapsedTime(_started[row.Problem], row.FinishedAt));
                }
                else
                {
                    joining.Add(row);
                }
            }
        }

        if (joining.Count == 0 && survivors.Count == active.Count && cache is not null)
        {
            return cache;
        }

        try
        {
            active.Clear();
            if (survivors.Count + joining.Count == 0)
            {
                return null;
            }

            // Each surviving row keeps its real positions; the new length is the longest row, the rest left-padded.
            var real = survivors.Select(row => cache!.Length - row.PadLeft).Concat(joining.Select(row => prompts[row.Problem].Tokens.Count)).ToArray();
            var length = real.Max();
            var sources = new KvRowSource[real.Length];
            for (var i = 0; i < survivors.Count; i++)
            {
                // Slot: the row's place in the cache the last step produced.
                sources[i] = new KvRowSource(cache!, survivors[i].Slot, real[i]);
            }

            for (var j = 0; j < joining.Count; j++)
            {
                sources[survivors.Count + j] = new KvRowSource(_prefilled[joining[j].Problem].Cache, 0, real[survivors.Count + j]);
            }

            var rebuilt = KvCache.Gather(model.Layout, sources, length);
            active.AddRange(survivors);
            active.AddRange(joining);
            for (var i = 0; i < active.Count; i++)
            {
                active[i].PadLeft = length - real[i];
            }

            return rebuilt;
        }
        finally
        {
            cache?.Dispose();
            ReleasePrefills();
        }
    }

    /// <summary>Takes up to <paramref name="room"/> pending candidates of the problem at the head of the queue, its first tokens sampled.</summary>
    private List<DecodeRow> Admit(int room, CancellationToken cancellationToken)
    {
        var problem = _pending.Peek().Problem;
        if (!_prefilled.TryGetValue(problem, out var prefilled))
        {
            cancellationToken.ThrowIfCancellationRequested();
            _started[problem] = Stopwatch.GetTimestamp();
            prefilled = prefill(prompts[problem].Tokens);
            _prefilled[problem] = prefilled;
        }

        var prompt = prompts[problem];
        var maxTokens = Math.Min(sampling.MaxNewTokens, model.Info.ContextLength - prompt.Tokens.Count);
        var rows = new List<DecodeRow>();
        while (rows.Count < room && _pending.TryPeek(out var next) && next.Problem == problem)
        {
            _pending.Dequeue();
            _left[problem]--;
            rows.Add(new DecodeRow(problem, next.Candidate, CandidateSeed.Derive(sampling.Seed, prompt.ProblemId, next.Candidate), maxTokens, stopDetectors(), parameters.LogProbabilities) { Observer = observer });
        }

        var samplingStart = Stopwatch.GetTimestamp();
        sampler.Sample(rows, parameters, eos, (_, _) => prefilled.Logits);
        stats.SamplingTicks += Stopwatch.GetTimestamp() - samplingStart;
        return rows;
    }

    /// <summary>Disposes the prompt caches of problems with no candidate left to admit (their rows hold copies).</summary>
    private void ReleasePrefills()
    {
        foreach (var problem in _prefilled.Keys.Where(p => _left[p] == 0).ToList())
        {
            _prefilled[problem].Cache.Dispose();
            _prefilled.Remove(problem);
        }
    }

}
