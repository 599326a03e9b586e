using Microsoft.ML.OnnxRuntime;

namespace DataFactory.Inference.Runtime;

/// <summary>
/// The cache tensors of a batch (one key and one value tensor per layer, [rows, kvHeads, length, headSize]),
/// owned as native OrtValues: the model's present outputs become the next step's past inputs as they are.
/// </summary>
internal sealed class KvCache : IDisposable
{
    private readonly OrtValue[] _tensors;

    private KvCache(KvLayout layout, OrtValue[] tensors, int rows, int length)
    {
        Layout = layout;
        _tensors = tensors;
        Rows = rows;
        Length = length;
    }

    public KvLayout Layout { get; }

    public int Rows { get; }

    public int Length { get; }

    public IReadOnlyList<OrtValue> Tensors => _tensors;

    /// <summary>A cache with no positions yet, for the first (prefill) pass.</summary>
    public static KvCache Empty(KvLayout layout, int rows) => Allocate(layout, rows, 0);

    /// <summary>Takes ownership of a forward pass's present tensors.</summary>
    public static KvCache Adopt(KvLayout layout, OrtValue[] presents, int rows, int length) => new(layout, presents, rows, length);

    /// <summary>
    /// A new cache whose row i is <paramref name="sources"/>[i], right-aligned in <paramref name="length"/> positions
    /// with zeros before it. Tiles one prompt to its candidates (the same source many times) and drops finished rows.
    /// </summary>
    public static KvCache Gather(KvLayout layout, IReadOnlyList<KvRowSource> sources, int length)
    {
        var cache = Allocate(layout, sources.Count, length);
        var positionBytes = layout.PositionBytes;
        var heads = layout.KvHeads;
        for (var t = 0; t < layout.Tensors; t++)
        {
            var target = cache._tensors[t].GetTensorMutableRawData();
            for (var row = 0; row < sources.Count; row++)
            {
                var source = sources[row];
                var sourceData = source.Cache._tensors[t].GetTensorMutableRawData();
                var sourceLength = source.Cache.Length;
                var valid = source.ValidLength;
                var padBytes = (length - valid) * positionBytes;
                var validBytes = valid * positionBytes;
                for (var h = 0; h < heads; h++)
                {
                    var targetStart = ((row * heads) + h) * length * positionBytes;
                    var sourceStart = ((((source.Row * heads) + h) * sourceLength) + (sourceLength - valid)) * positionBytes;
                    // Padding must be finite: a masked position still meets a zero attention weight, and 0 × NaN is NaN.
                    target.Slice(targetStart, padBytes).Clear();
                    sourceData.Slice(sourceStart, validBytes).CopyTo(target.Slice(targetStart + padBytes, validBytes));
                }
            }
        }

        return cache;
    }

    public void Dispose()
    {
        foreach (var tensor in _tensors)
        {
            tensor.Dispose();
        }
    }

    private static KvCache Allocate(KvLayout layout, int rows, int length)
    {
        long[] shape = [rows, layout.KvHeads, length, layout.HeadSize];
        var tensors = new OrtValue[layout.Tensors];
        for (var i = 0; i < tensors.Length; i++)
        {
            tensors[i] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, layout.ElementType, shape);
        }

        return new KvCache(layout, tensors, rows, length);
    }
}
