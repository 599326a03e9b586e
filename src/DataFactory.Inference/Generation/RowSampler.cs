using System.Collections.Concurrent;
using System.Diagnostics;
using DataFactory.Inference.Sampling;

namespace DataFactory.Inference.Generation;

/// <summary>The logits after a row's last position, as float32 (converted into <paramref name="scratch"/> when needed).</summary>
internal delegate ReadOnlySpan<float> LogitsForRow(DecodeRow row, Span<float> scratch);

/// <summary>
/// Samples the next token of every row of a step, spreading rows over cores when the step holds enough logits.
/// Each row draws from its own generator, so the thread that samples it does not matter.
/// </summary>
internal sealed class RowSampler(int vocabulary)
{
    // Below this many logits per step, spreading the rows over threads costs more than it saves.
    private const int ParallelThreshold = 1 << 21;

    private readonly ConcurrentBag<TokenSampler> _samplers = [];

    public void Sample(List<DecodeRow> rows, SamplingParameters parameters, IReadOnlySet<int> eos, LogitsForRow logitsFor)
    {
        if ((long)rows.Count * vocabulary < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            var sampler = Rent();
            foreach (var row in rows)
            {
                SampleOne(row, sampler, parameters, eos, logitsFor);
            }

            _samplers.Add(sampler);
            return;
        }

        Parallel.For(
            0,
            rows.Count,
            Rent,
            (r, _, sampler) =>
            {
                SampleOne(rows[r], sampler, parameters, eos, logitsFor);
                return sampler;
            },
            _samplers.Add);
    }

    private static void SampleOne(DecodeRow row, TokenSampler sampler, SamplingParameters parameters, IReadOnlySet<int> eos, LogitsForRow logitsFor)
    {
        var logits = logitsFor(row, sampler.ConversionBuffer);
        var token = sampler.Sample(logits, parameters, ref row.Rng, out var logProbability);
        row.Accept(token, logProbability, eos, Stopwatch.GetTimestamp());
    }

    private TokenSampler Rent() => _samplers.TryTake(out var sampler) ? sampler : new TokenSampler(vocabulary);
}
