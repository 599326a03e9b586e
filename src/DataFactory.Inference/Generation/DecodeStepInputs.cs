using System.Diagnostics;
using DataFactory.Inference.Runtime;

namespace DataFactory.Inference.Generation;

/// <summary>
/// One decode step over a batch of rows: each row's last token, its position (real tokens only, so left padding
/// does not shift the rotary positions) and its attention mask over the cache plus the new token, then the
/// forward pass. The buffers grow as needed and are reused across steps; waves and continuous batching share it.
/// The caller counts the step (<see cref="StatsAccumulator.DecodeSteps"/>): a continuous step may take several forward passes.
/// </summary>
internal sealed class DecodeStepInputs
{
    private long[] _ids = [];
    private long[] _positions = [];
    private long[] _mask = [];

    /// <summary>Runs the forward pass for <paramref name="active"/> (slots assigned in list order) over <paramref name="cache"/>; the caller owns the result.</summary>
    public ForwardResult Step(DecoderModel model, KvCache cache, List<DecodeRow> active, StatsAccumulator stats)
    {
        var rowCount = active.Count;
        var total = cache.Length + 1;
        stats.DecodePasses++;
        stats.CachePositions += (long)rowCount * cache.Length;
        Grow(ref _ids, rowCount);
        Grow(ref _positions, rowCount);
        Grow(ref _mask, rowCount * total);
        for (var r = 0; r < rowCount; r++)
        {
            var row = active[r];
            row.Slot = r;
            _ids[r] = row.LastToken;
            _positions[r] = cache.Length - row.PadLeft;
            stats.PaddedPositions += row.PadLeft;
            var maskRow = _mask.AsSpan(r * total, total);
            maskRow[..row.PadLeft].Clear();
            maskRow[row.PadLeft..].Fill(1);
        }

        var forwardStart = Stopwatch.GetTimestamp();
        var result = model.Forward(cache, _ids, _positions, _mask, 1);
        stats.DecodeTicks += Stopwatch.GetTimestamp() - forwardStart;
        return result;
    }

    private static void Grow(ref long[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            buffer = new long[Math.Max(size, buffer.Length * 2)];
        }
    }
}
