using System.Diagnostics;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Runtime;
using DataFactory.Inference.Sampling;
using Microsoft.Extensions.Logging;

namespace DataFactory.Inference.Generation;

/// <summary>
/// The decode loop on token ids. Each wave prefills every problem's prompt once, tiles its cache to the problem's
/// candidates (left padding to the longest prompt), then runs one forward pass per step for all unfinished rows,
/// feeding the present tensors back as the past; rows that finish leave the cache before the next step. Continuous
/// batching runs <see cref="ContinuousScheduler"/> on a standard graph and <see cref="SlotScheduler"/> on a shared-cache
/// graph (which always decodes that way).
/// </summary>
internal sealed class BatchDecoder(DecoderModel model, EngineOptions options, StatsAccumulator stats, ILogger logger)
{
    private readonly RowSampler _sampler = new(model.Info.VocabularySize);

    public IReadOnlyList<IReadOnlyList<TokenCandidate>> Decode(
        IReadOnlyList<TokenPrompt> prompts,
        SamplingOptions sampling,
        IReadOnlySet<int> eos,
        Func<IStopDetector?> stopDetectors,
        IRowObserver? observer,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampling.Samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampling.MaxNewTokens, 1);
        var parameters = SamplingParameters.From(sampling, options.ComputeLogProbabilities);
        var context = model.Info.ContextLength;
        foreach (var prompt in prompts)
        {
            if (prompt.Tokens.Count == 0)
            {
                throw new ArgumentException($"Problem '{prompt.ProblemId}': the prompt has no tokens.", nameof(prompts));
            }

            if (prompt.Tokens.Count >= context)
            {
                throw new PromptTooLongException(prompt.ProblemId, prompt.Tokens.Count, context);
            }
        }

        var counts = prompts.Select(p => (p.FirstCandidate, p.CountOr(sampling.Samples))).ToArray();
        if (counts.Any(c => c.Item1 < 0 || c.Item2 < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(prompts), "Candidate indices and counts must not be negative.");
        }

        var results = counts.Select(c => new TokenCandidate[c.Item2]).ToArray();
        var started = Stopwatch.GetTimestamp();
        if (model.Signature.SharedCache || options.ContinuousBatching)
        {
            RunContinuous(prompts, sampling, parameters, eos, stopDetectors, observer, results, cancellationToken);
        }
        else
        {
            var early = EarlyStops.Any(prompts) ? new EarlyStops(prompts) : null;
            foreach (var wave in WavePlanner.Plan(counts, Math.Max(1, options.MaxBatchRows)))
            {
                RunWave(wave, prompts, sampling, parameters, eos, stopDetectors, observer, early, results, cancellationToken);
            }
        }

        stats.Problems += prompts.Count;
        stats.Candidates += counts.Sum(c => (long)c.Item2);
        stats.ElapsedTicks += Stopwatch.GetTimestamp() - started;
        stats.Publish();
        return results;
    }

    private void RunContinuous(
        IReadOnlyList<TokenPrompt> prompts,
        SamplingOptions sampling,
        SamplingParameters parameters,
        IReadOnlySet<int> eos,
        Func<IStopDetector?> stopDetectors,
        IRowObserver? observer,
        TokenCandidate[][] results,
        CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        long rows = 0, tokens = 0;
        void Finished(DecodeRow row, TimeSpan elapsed)
        {
            var candidate = row.ToCandidate(elapsed);
            results[row.Problem][row.Candidate - prompts[row.Problem].FirstCandidate] = candidate;
            if (row.Reason != FinishReason.Abandoned)
            {
                observer?.Finished(row, candidate);
            }

            stats.GeneratedTokens += row.Tokens.Count;
            rows++;
            tokens += row.Tokens.Count;
        }

        long steps;
        var maxRows = Math.Max(1, options.MaxBatchRows);
        if (model.Signature.SharedCache)
        {
            // A shared-cache graph keeps per-row lengths: one batch, no padding, no cohorts.
            var slots = new SlotScheduler(model, _sampler, stats, maxRows, prompts, sampling, parameters, eos, stopDetectors, observer, PrefillSlot);
            slots.Run(Finished, cancellationToken);
            steps = slots.Steps;
        }
        else
        {
            var scheduler = new ContinuousScheduler(
                model, _sampler, stats, maxRows, Math.Max(1, options.ContinuousCohorts), prompts, sampling, parameters, eos, stopDetectors, observer, Prefill);
            scheduler.Run(Finished, cancellationToken);
            steps = scheduler.Steps;
        }

        Log.WaveDone(logger, prompts.Count, (int)rows, (int)steps, tokens, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private void RunWave(
        List<WaveItem> wave,
        IReadOnlyList<TokenPrompt> prompts,
        SamplingOptions sampling,
        SamplingParameters parameters,
        IReadOnlySet<int> eos,
        Func<IStopDetector?> stopDetectors,
        IRowObserver? observer,
        EarlyStops? early,
        TokenCandidate[][] results,
        CancellationToken cancellationToken)
    {
        var waveStart = Stopwatch.GetTimestamp();
        var context = model.Info.ContextLength;
        var rows = new List<DecodeRow>();
        foreach (var item in wave)
        {
            var prompt = prompts[item.Problem];
            var maxTokens = Math.Min(sampling.MaxNewTokens, context - prompt.Tokens.Count);
            for (var c = item.FirstCandidate; c < item.FirstCandidate + item.Count; c++)
            {
                if (early?.Stopped(item.Problem) == true)
                {
                    // An earlier wave gave the problem enough: the rest of its candidates are not started.
                    results[item.Problem][c - prompt.FirstCandidate] = new TokenCandidate(c, [], FinishReason.Abandoned, null, TimeSpan.Zero);
                    continue;
                }

                var seed = CandidateSeed.Derive(sampling.Seed, prompt.ProblemId, c);
                rows.Add(new DecodeRow(item.Problem, c, seed, maxTokens, stopDetectors(), parameters.LogProbabilities) { Observer = observer, Guard = prompt.Guard?.Invoke() });
            }
        }

        var prefilled = new Dictionary<int, (KvCache Cache, float[] Logits)>();
        long steps = 0;
        try
        {
            foreach (var problem in rows.Select(row => row.Problem).Distinct())
            {
                cancellationToken.ThrowIfCancellationRequested();
                prefilled[problem] = Prefill(prompts[problem].Tokens);
            }

            var samplingStart = Stopwatch.GetTimestamp();
            _sampler.Sample(rows, parameters, eos, (row, _) => prefilled[row.Problem].Logits);
            stats.SamplingTicks += Stopwatch.GetTimestamp() - samplingStart;
            early?.Heard(rows, Stopwatch.GetTimestamp());

            var active = rows.Where(row => !row.Done).ToList();
            if (active.Count > 0)
            {
                var length = active.Max(row => prompts[row.Problem].Tokens.Count);
                var sources = new KvRowSource[active.Count];
                for (var i = 0; i < active.Count; i++)
                {
                    var promptLength = prompts[active[i].Problem].Tokens.Count;
                    active[i].PadLeft = length - promptLength;
                    sources[i] = new KvRowSource(prefilled[active[i].Problem].Cache, 0, promptLength);
                }

                var cache = KvCache.Gather(model.Layout, sources, length);
                DisposePrefilled(prefilled);
                steps = DecodeSteps(active, cache, parameters, eos, early, cancellationToken);
            }
        }
        finally
        {
            DisposePrefilled(prefilled);
        }

        foreach (var row in rows)
        {
            var candidate = row.ToCandidate(Stopwatch.GetElapsedTime(waveStart, row.FinishedAt));
            results[row.Problem][row.Candidate - prompts[row.Problem].FirstCandidate] = candidate;
            if (row.Reason != FinishReason.Abandoned)
            {
                observer?.Finished(row, candidate);
            }

            stats.GeneratedTokens += row.Tokens.Count;
        }

        Log.WaveDone(
            logger, wave.Select(item => item.Problem).Distinct().Count(), rows.Count, (int)steps,
            rows.Sum(row => (long)row.Tokens.Count), Stopwatch.GetElapsedTime(waveStart).TotalSeconds);
    }

    /// <summary>Decodes until every row is finished or abandoned; takes ownership of <paramref name="cache"/>.</summary>
    private long DecodeSteps(
        List<DecodeRow> active,
        KvCache cache,
        SamplingParameters parameters,
        IReadOnlySet<int> eos,
        EarlyStops? early,
        CancellationToken cancellationToken)
    {
        long steps = 0;
        var inputs = new DecodeStepInputs();
        KvCache? current = cache;
        try
        {
            while (current is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = inputs.Step(model, current, active, stats);
                stats.DecodeSteps++;
                stats.RowSteps += active.Count;
                steps++;
                current.Dispose();
                current = result.Present;
                using (var logits = result.Logits)
                {
                    var samplingStart = Stopwatch.GetTimestamp();
                    _sampler.Sample(active, parameters, eos, (row, scratch) => logits.LastPosition(row.Slot, scratch));
                    stats.SamplingTicks += Stopwatch.GetTimestamp() - samplingStart;
                }

                early?.Heard(active, Stopwatch.GetTimestamp());

                if (active.Exists(row => row.Done))
                {
                    var compacted = RowCompaction.Compact(model.Layout, active, current);
                    current.Dispose();
                    current = compacted;
                }
            }
        }
        finally
        {
            current?.Dispose();
        }

        return steps;
    }

    private (KvCache Cache, float[] Logits) Prefill(IReadOnlyList<int> tokens)
    {
        var start = Stopwatch.GetTimestamp();
        var chunk = options.PrefillChunkTokens > 0 ? options.PrefillChunkTokens : tokens.Count;
        var cache = KvCache.Empty(model.Layout, 1);
        try
        {
            var logits = new float[model.Info.VocabularySize];
            for (var offset = 0; offset < tokens.Count; offset += chunk)
            {
                var count = Math.Min(chunk, tokens.Count - offset);
                var ids = new long[count];
                var positions = new long[count];
                for (var i = 0; i < count; i++)
                {
                    ids[i] = tokens[offset + i];
                    positions[i] = offset + i;
                }

                var mask = new long[offset + count];
                mask.AsSpan().Fill(1);
                var result = model.Forward(cache, ids, positions, mask, count);
                cache.Dispose();
                cache = result.Present;
                using var view = result.Logits;
                if (offset + count == tokens.Count)
                {
                    view.LastPosition(0, logits).CopyTo(logits);
                }
            }

            stats.PrefillTicks += Stopwatch.GetTimestamp() - start;
            stats.PromptTokens += tokens.Count;
            return (cache, logits);
        }
        catch
        {
            cache.Dispose();
            throw;
        }
    }

    /// <summary>Prefills a prompt into the one-row <paramref name="target"/> of a shared-cache graph; returns the logits after its last token.</summary>
    private float[] PrefillSlot(IReadOnlyList<int> tokens, SlotCache target)
    {
        var start = Stopwatch.GetTimestamp();
        var chunk = options.PrefillChunkTokens > 0 ? options.PrefillChunkTokens : tokens.Count;
        var logits = new float[model.Info.VocabularySize];
        for (var offset = 0; offset < tokens.Count; offset += chunk)
        {
            var count = Math.Min(chunk, tokens.Count - offset);
            var ids = new long[count];
            for (var i = 0; i < count; i++)
            {
                ids[i] = tokens[offset + i];
            }

            using var view = model.ForwardShared(target, 0, 1, ids, [offset], count);
            if (offset + count == tokens.Count)
            {
                view.LastPosition(0, logits).CopyTo(logits);
            }
        }

        stats.PrefillTicks += Stopwatch.GetTimestamp() - start;
        stats.PromptTokens += tokens.Count;
        return logits;
    }

    private static void DisposePrefilled(Dictionary<int, (KvCache Cache, float[] Logits)> prefilled)
    {
        foreach (var (cache, _) in prefilled.Values)
        {
            cache.Dispose();
        }

        prefilled.Clear();
    }
}
