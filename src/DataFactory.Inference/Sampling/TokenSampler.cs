using System.Numerics;
using System.Numerics.Tensors;

namespace DataFactory.Inference.Sampling;

/// <summary>
/// Picks the next token from one row of logits: greedy, or temperature with optional top-k and top-p, in
/// O(vocabulary) per row (selection by partitioning, never a full sort). Holds scratch buffers: one per thread.
/// </summary>
internal sealed class TokenSampler
{
    // Top-p looks at the tokens above each threshold in turn (weights relative to the heaviest, which is 1) and
    // stops at the first set whose mass reaches p; usually the first few hundred tokens, rarely the whole vocabulary.
    private static readonly float[] NucleusThresholds = [1f / (1 << 8), 1f / (1 << 12), 1f / (1 << 16), 1f / (1 << 20), 1f / (1 << 24), 0f];

    // Weights are summed per block so a draw finds its block first and scans at most one block.
    private const int Block = 1024;

    private readonly float[] _weights;
    private readonly float[] _values;
    private readonly int[] _indices;
    private readonly float[] _conversion;
    private readonly double[] _blockSums;

    public TokenSampler(int vocabularySize)
    {
        _weights = new float[vocabularySize];
        _values = new float[vocabularySize];
        _indices = new int[vocabularySize];
        _conversion = new float[vocabularySize];
        _blockSums = new double[(vocabularySize + Block - 1) / Block];
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
        var inverse = 1f / parameters.Temperature;
        // After the shift by the maximum logit the heaviest token weighs exactly 1.
        var max = TensorPrimitives.Max(logits);
        var total = VectorExp.Weights(logits, max, inverse, weights, _blockSums, Block);

        if (parameters.TopP >= 1f)
        {
            return WalkBlocks(weights, total, ref rng);
        }

        var need = parameters.TopP * total;
        var count = 0;
        foreach (var threshold in NucleusThresholds)
        {
            count = Gather(weights, threshold, out var mass);
            if (mass >= need)
            {
                break;
            }
        }

        var nucleus = SelectByMass(count, need);
        return WalkCandidates(nucleus, ref rng);
    }

    private int SampleTopK(ReadOnlySpan<float> logits, in SamplingParameters parameters, ref Xoshiro256 rng)
    {
        var k = TopKHeap(logits, parameters.TopK);
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

    /// <summary>
    /// The k largest logits into the first k candidate slots (a min-heap), in one pass that compares a whole vector
    /// with the heap's smallest before looking at single lanes: O(vocabulary) with few heap updates.
    /// </summary>
    private int TopKHeap(ReadOnlySpan<float> logits, int k)
    {
        for (var i = 0; i < k; i++)
        {
            _values[i] = logits[i];
            _indices[i] = i;
        }

        for (var i = (k / 2) - 1; i >= 0; i--)
        {
            SiftDown(i, k);
        }

        var width = Vector<float>.Count;
        var position = k;
        for (; position <= logits.Length - width; position += width)
        {
            var vector = new Vector<float>(logits.Slice(position, width));
            if (!Vector.GreaterThanAny(vector, new Vector<float>(_values[0])))
            {
                continue;
            }

            for (var lane = 0; lane < width; lane++)
            {
                Offer(logits[position + lane], position + lane, k);
            }
        }

        for (; position < logits.Length; position++)
        {
            Offer(logits[position], position, k);
        }

        return k;
    }

    private void Offer(float value, int index, int k)
    {
        // Strictly greater: among equal logits the lower token id stays, so the choice is deterministic.
        if (value > _values[0])
        {
            _values[0] = value;
            _indices[0] = index;
            SiftDown(0, k);
        }
    }

    private void SiftDown(int node, int count)
    {
        while (true)
        {
            var smallest = node;
            var left = (2 * node) + 1;
            var right = left + 1;
            if (left < count && Less(left, smallest))
            {
                smallest = left;
            }

            if (right < count && Less(right, smallest))
            {
                smallest = right;
            }

            if (smallest == node)
            {
                return;
            }

            Swap(node, smallest);
            node = smallest;
        }
    }

    // Heap order: smaller logit first; among equal logits the higher id is evicted first.
    private bool Less(int a, int b) =>
        _values[a] < _values[b] || (_values[a] == _values[b] && _indices[a] > _indices[b]);

    /// <summary>Copies the tokens whose weight is at least <paramref name="threshold"/> into the candidate arrays, skipping light vectors whole.</summary>
    private int Gather(ReadOnlySpan<float> weights, float threshold, out double mass)
    {
        var count = 0;
        mass = 0;
        var width = Vector<float>.Count;
        var limit = new Vector<float>(threshold);
        var position = 0;
        for (; position <= weights.Length - width; position += width)
        {
            if (threshold > 0 && !Vector.GreaterThanOrEqualAny(new Vector<float>(weights.Slice(position, width)), limit))
            {
                continue;
            }

            for (var lane = position; lane < position + width; lane++)
            {
                var w = weights[lane];
                if (w >= threshold)
                {
                    _indices[count] = lane;
                    _values[count] = w;
                    mass += w;
                    count++;
                }
            }
        }

        for (; position < weights.Length; position++)
        {
            var w = weights[position];
            if (w >= threshold)
            {
                _indices[count] = position;
                _values[count] = w;
                mass += w;
                count++;
            }
        }

        return count;
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

    /// <summary>Draws from the whole weight vector: sums per block, then a scan of the one block the draw lands in.</summary>
    private int WalkBlocks(ReadOnlySpan<float> weights, double total, ref Xoshiro256 rng)
    {
        var blocks = (weights.Length + Block - 1) / Block;
        var target = rng.NextDouble() * total;
        var block = 0;
        var lastHeavy = 0;
        for (; block < blocks - 1 && target >= _blockSums[block]; block++)
        {
            target -= _blockSums[block];
            lastHeavy = _blockSums[block] > 0 ? block : lastHeavy;
        }

        // Rounding can carry a draw past the last block with weight; it belongs to the last block that has some.
        if (_blockSums[block] <= 0)
        {
            block = lastHeavy;
            target = _blockSums[block];
        }

        var first = block * Block;
        var end = Math.Min(first + Block, weights.Length);
        var cumulative = 0d;
        var last = first;
        for (var i = first; i < end; i++)
        {
            if (weights[i] > 0)
            {
                cumulative += weights[i];
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
        var max = TensorPrimitives.Max(logits);
        var total = VectorExp.Weights(logits, max, 1f, _weights.AsSpan(0, logits.Length), _blockSums, Block);
        return logits[token] - max - Math.Log(total);
    }
}
