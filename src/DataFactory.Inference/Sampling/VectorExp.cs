using System.Numerics;
using System.Runtime.CompilerServices;

namespace DataFactory.Inference.Sampling;

/// <summary>
/// Softmax weights exp((logit − max) / T) for a whole vocabulary in one vectorised pass, summed per block on the way.
/// The exponential is Cephes' expf (Cody–Waite reduction, degree-6 polynomial, about 1e-7 relative error), written on
/// <see cref="Vector{T}"/>: a few times faster than a chain of library span operations at a 150k vocabulary.
/// </summary>
internal static class VectorExp
{
    /// <summary>Writes the weights and each block's sum; returns the total.</summary>
    public static double Weights(ReadOnlySpan<float> logits, float max, float inverseTemperature, Span<float> weights, Span<double> blockSums, int block)
    {
        var width = Vector<float>.Count;
        var shift = new Vector<float>(max);
        var scale = new Vector<float>(inverseTemperature);
        var total = 0d;
        for (var b = 0; b * block < logits.Length; b++)
        {
            var start = b * block;
            var end = Math.Min(start + block, logits.Length);
            var sum = Vector<float>.Zero;
            var i = start;
            for (; i <= end - width; i += width)
            {
                var e = Exp((new Vector<float>(logits.Slice(i, width)) - shift) * scale);
                e.CopyTo(weights.Slice(i, width));
                sum += e;
            }

            var blockSum = (double)Vector.Sum(sum);
            for (; i < end; i++)
            {
                weights[i] = MathF.Exp((logits[i] - max) * inverseTemperature);
                blockSum += weights[i];
            }

            blockSums[b] = blockSum;
            total += blockSum;
        }

        return total;
    }

    /// <summary>exp(x) lane by lane; inputs below −87 (and −∞, a masked token) give exactly 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Exp(Vector<float> x)
    {
        var underflow = Vector.LessThan(x, new Vector<float>(-87.0f));
        x = Vector.Min(Vector.Max(x, new Vector<float>(-87.0f)), new Vector<float>(88.0f));
        var n = Vector.Floor((x * new Vector<float>(1.44269504088896341f)) + new Vector<float>(0.5f));
        var r = x - (n * new Vector<float>(0.693359375f));
        r -= n * new Vector<float>(-2.12194440e-4f);
        var r2 = r * r;
        var p = new Vector<float>(1.9875691500E-4f);
        p = (p * r) + new Vector<float>(1.3981999507E-3f);
        p = (p * r) + new Vector<float>(8.3334519073E-3f);
        p = (p * r) + new Vector<float>(4.1665795894E-2f);
        p = (p * r) + new Vector<float>(1.6666665459E-1f);
        p = (p * r) + new Vector<float>(5.0000001201E-1f);
        p = (p * r2) + r + Vector<float>.One;
        var scale = Vector.ShiftLeft(Vector.ConvertToInt32(n) + new Vector<int>(127), 23);
        return Vector.ConditionalSelect(underflow, Vector<float>.Zero, p * Vector.AsVectorSingle(scale));
    }
}
