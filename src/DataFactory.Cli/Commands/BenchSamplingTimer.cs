using System.Diagnostics;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Sampling;

namespace DataFactory.Cli.Commands;

/// <summary>Times the engine's per-step sampling over synthetic logits (a large vocabulary no bundled model has).</summary>
internal static class BenchSamplingTimer
{
    /// <summary>
    /// Mean seconds to sample one token for each of <paramref name="rows"/> rows over <paramref name="vocabulary"/> logits,
    /// shaped like a trained model's (<paramref name="peaked"/>: Zipf over a random order of tokens, exponent 1.1, plus noise)
    /// or like a random model's (flat: standard Gaussian logits, the worst case for top-p).
    /// </summary>
    public static double SecondsPerStep(int rows, int vocabulary, SamplingOptions sampling, bool peaked, int steps)
    {
        var random = new Random(7);
        var logits = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            logits[r] = new float[vocabulary];
            var order = Enumerable.Range(0, vocabulary).ToArray();
            random.Shuffle(order);
            for (var v = 0; v < vocabulary; v++)
            {
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                var gaussian = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                logits[r][order[v]] = peaked ? (float)((-1.1 * Math.Log(v + 1)) + (0.3 * gaussian)) : (float)gaussian;
            }
        }

        var parameters = SamplingParameters.From(sampling, logProbabilities: false);
        var sampler = new RowSampler(vocabulary);
        var none = new HashSet<int>();
        var batch = Enumerable.Range(0, rows).Select(r => new DecodeRow(0, r, (ulong)r, int.MaxValue, null) { Slot = r }).ToList();
        sampler.Sample(batch, parameters, none, (row, _) => logits[row.Slot]);
        var start = Stopwatch.GetTimestamp();
        for (var s = 0; s < steps; s++)
        {
            sampler.Sample(batch, parameters, none, (row, _) => logits[row.Slot]);
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds / steps;
    }
}
