using System.Numerics.Tensors;

namespace DataFactory.Inference.Sampling;

/// <summary>
/// Picks the next token from one row of logits: greedy, or temperature with optional top-k and top-p, in
/// O(vocabulary) per row (selection by partitioning, never a full sort). Holds scratch buffers: one per thread.
/// </summary>
internal sealed class TokenSampler
{
    // Tokens whose weight is below max × 2^-16 are looked at only when the heavier ones miss the top-p mass.
    private const float NucleusPrefilter = 1f / 65536f;

    private readonly float[] _weights;
    private readonly float[] _values;
    private readonly int[] _indices;
    private readonly float[] _conversion;

    public TokenSampler(int vocabularySize)
    {
        _weights = new float[vocabularySize];
        _values = new float[vocabularySize];
        _indices = new int[vocabularySize];
        _conversion = new float[vocabularySize];
    }

    /// <summary>Room for one row of logits converted from float16.</summary>
    public Span<float> ConversionBuffer => _conversion;

    /// <summary>
    /// Samples a token; <paramref name="logProbability"/> is the token's log-probability under the model
    /// (temperature 1, untruncated) when <see cref="SamplingParameters.LogProbabilities"/> is set, else 0.
    /// </summary>
    public int Sample(ReadOnlySpan<float> logits, in SamplingParameters parameters, ref Xoshiro256 rng, out double logProbability)
    {
        int token;
        if (parameters.Greedy)
        {
            token = TensorPrimitives.IndexOfMax(logits);
        }
        else if (parameters.TopK > 0 && parameters.TopK < logits.Length)
        {
            token = SampleTopK(logits, parameters, ref rng);
        }
        else
        {
            token = SampleFull(logits, parameters, ref rng);
        }

        logProbability = parameters.LogProbabilities ? LogSoftmaxAt(logits, token) : 0;
        return token;
    }

    private int SampleFull(ReadOnlySpan<float> logits, in SamplingParameters parameters, ref Xoshiro256 rng)
    {
        var weights = _weights.AsSpan(0, logits.Length);
        var max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, weights);
        TensorPrimitives.Multiply(weights, 1f / parameters.Temperature, weights);
        TensorPrimitives.Exp(weights, weights);
        var total = (double)TensorPrimitives.Sum(weights);

        if (parameters.TopP >= 1f)
        {
            return Walk(weights, rng.NextDouble() * total);
        }

        var need = parameters.TopP * total;
        var count = Gather(weights, NucleusPrefilter, out var heavy);
        if (heavy < need)
        {
            count = Gather(weights, 0f, out _);
        }

        var nucleus = SelectByMass(count, need);
        return WalkCandidates(nucleus, ref rng);
    }

    private int SampleTopK(ReadOnlySpan<float> logits, in SamplingParameters parameters, ref Xoshiro256 rng)
    {
        logits.CopyTo(_values);
        for (var i = 0; i < logits.Length; i++)
        {
            _indices[i] = i;
        }

        var k = SelectByCount(logits.Length, parameters.TopK);
        var max = float.NegativeInfinity;
        for (var i = 0; i < k; i++)
        {
            max = MathF.Max(max, _values[i]);
        }

        var total = 0d;
        var inverse = 1f / parameters.Temperature;
        for (var i = 0; i < k; i++)
        {
            _values[i] = MathF.Exp((_values[i] - max) * inverse);
            total += _values[i];
        }

        var count = parameters.TopP >= 1f ? k : SelectByMass(k, parameters.TopP * total);
        return WalkCandidates(count, ref rng);
    }

    /// <summary>Copies the tokens whose weight is at least <paramref name="fraction"/> of the heaviest into the candidate arrays.</summary>
    private int Gather(ReadOnlySpan<float> weights, float fraction, out double mass)
    {
        // After the shift by the maximum logit the heaviest weight is exactly 1.
        var threshold = fraction;
        var count = 0;
        mass = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (w >= threshold)
            {
                _indices[count] = i;
                _values[count] = w;
                mass += w;
                count++;
            }
        }

        return count;
    }

    /// <summary>Moves the <paramref name="k"/> largest of the first <paramref name="count"/> candidates to the front (3-way quickselect).</summary>
    private int SelectByCount(int count, int k)
    {
        var lo = 0;
        var hi = count;
        var remaining = k;
        while (lo < hi && remaining > 0)
        {
            var (greaterEnd, equalEnd) = Partition(lo, hi);
            var greater = greaterEnd - lo;
            if (greater >= remaining)
            {
                hi = greaterEnd;
                continue;
            }

            remaining -= greater;
            var equal = equalEnd - greaterEnd;
            if (equal >= remaining)
            {
                return greaterEnd + remaining;
            }

            remaining -= equal;
            lo = equalEnd;
        }

        return k - remaining;
    }

    /// <summary>Moves the smallest set of heaviest candidates whose weights reach <paramref name="need"/> to the front; returns its size.</summary>
    private int SelectByMass(int count, double need)
    {
        var lo = 0;
        var hi = count;
        while (lo < hi && need > 0)
        {
            var (greaterEnd, equalEnd) = Partition(lo, hi);
            var greater = 0d;
            for (var i = lo; i < greaterEnd; i++)
            {
                greater += _values[i];
            }

            if (greater >= need)
            {
                hi = greaterEnd;
                continue;
            }

            need -= greater;
            var pivot = _values[greaterEnd];
            var equalCount = equalEnd - greaterEnd;
            if (equalCount * (double)pivot >= need)
            {
                return greaterEnd + Math.Min(equalCount, Math.Max(1, (int)Math.Ceiling(need / pivot)));
            }

            need -= equalCount * (double)pivot;
            lo = equalEnd;
        }

        return Math.Max(1, lo);
    }

    /// <summary>Three-way partition of [lo, hi) around a median-of-three pivot: greater, equal, less.</summary>
    private (int GreaterEnd, int EqualEnd) Partition(int lo, int hi)
    {
        var pivot = MedianOfThree(_values[lo], _values[lo + ((hi - lo) >> 1)], _values[hi - 1]);
        var lt = lo;
        var i = lo;
        var gt = hi;
        while (i < gt)
        {
            var v = _values[i];
            if (v > pivot)
            {
                Swap(lt++, i++);
            }
            else if (v < pivot)
            {
                Swap(i, --gt);
            }
            else
            {
                i++;
            }
        }

        return (lt, gt);
    }

    private void Swap(int a, int b)
    {
        (_values[a], _values[b]) = (_values[b], _values[a]);
        (_indices[a], _indices[b]) = (_indices[b], _indices[a]);
    }

    private static float MedianOfThree(float a, float b, float c) =>
        MathF.Max(MathF.Min(a, b), MathF.Min(MathF.Max(a, b), c));

    private int WalkCandidates(int count, ref Xoshiro256 rng)
    {
        var total = 0d;
        for (var i = 0; i < count; i++)
        {
            total += _values[i];
        }

        var target = rng.NextDouble() * total;
        var cumulative = 0d;
        for (var i = 0; i < count; i++)
        {
            cumulative += _values[i];
            if (cumulative > target)
            {
                return _indices[i];
            }
        }

        return _indices[count - 1];
    }

    private static int Walk(ReadOnlySpan<float> weights, double target)
    {
        var cumulative = 0d;
        var last = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (w > 0)
            {
                cumulative += w;
                last = i;
                if (cumulative > target)
                {
                    return i;
                }
            }
        }

        return last;
    }

    private double LogSoftmaxAt(ReadOnlySpan<float> logits, int token)
    {
        var scratch = _weights.AsSpan(0, logits.Length);
        var max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, scratch);
        TensorPrimitives.Exp(scratch, scratch);
        return logits[token] - max - Math.Log(TensorPrimitives.Sum(scratch));
    }
}
