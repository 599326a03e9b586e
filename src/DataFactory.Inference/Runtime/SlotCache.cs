using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace DataFactory.Inference.Runtime;

/// <summary>
/// The KV cache of a shared-cache graph (<see cref="Models.DecoderSignature.SharedCache"/>): per layer one key and one
/// value buffer of [slots, kvHeads, capacity, headSize], allocated once. A forward pass binds the first rows' slots as
/// both the past and the present of each layer, so ONNX Runtime writes only the new positions in place: no cache is
/// copied or reallocated per step, and every row keeps its own length (no padding). A row moves between slots only
/// when rows before it leave, copying its valid positions once.
/// </summary>
internal sealed unsafe class SlotCache : IDisposable
{
    private readonly nint[] _buffers;
    private readonly long[] _shape;
    private bool _disposed;

    public SlotCache(KvLayout layout, int slots, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Layout = layout;
        Slots = slots;
        Capacity = capacity;
        RowBytes = (long)layout.KvHeads * capacity * layout.PositionBytes;
        _shape = [0, layout.KvHeads, capacity, layout.HeadSize];
        _buffers = new nint[layout.Tensors];
        try
        {
            for (var t = 0; t < _buffers.Length; t++)
            {
                var bytes = (nuint)(RowBytes * slots);
                var buffer = NativeMemory.AlignedAlloc(bytes, 64);
                // Positions past a row's length are never attended, but zeros keep them finite whatever a kernel does.
                NativeMemory.Clear(buffer, bytes);
                _buffers[t] = (nint)buffer;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public KvLayout Layout { get; }

    /// <summary>Rows the cache holds.</summary>
    public int Slots { get; }

    /// <summary>Positions per row: at least the longest row a call can grow (its longest prompt and new tokens), at most the context length.</summary>
    public int Capacity { get; }

    /// <summary>Bytes of one row of one tensor (every head, every position).</summary>
    public long RowBytes { get; }

    /// <summary>
    /// Tensor <paramref name="tensor"/> (key and value of each layer, in the graph's past order) over the
    /// <paramref name="rows"/> slots from <paramref name="firstSlot"/>, as an OrtValue over this cache's memory: bind it
    /// as both the past input and the present output. The caller disposes the view; the memory stays the cache's.
    /// </summary>
    public OrtValue View(int tensor, int firstSlot, int rows)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (firstSlot < 0 || rows < 1 || firstSlot + rows > Slots)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"Slots {firstSlot}..{firstSlot + rows - 1} are outside the cache's {Slots}.");
        }

        var shape = (long[])_shape.Clone();
        shape[0] = rows;
        return OrtValue.CreateTensorValueWithData(
            OrtMemoryInfo.DefaultInstance, Layout.ElementType, shape, _buffers[tensor] + (nint)(firstSlot * RowBytes), rows * RowBytes);
    }

    /// <summary>Copies the first <paramref name="length"/> positions of every head of <paramref name="source"/>'s slot <paramref name="from"/> into this cache's slot <paramref name="to"/>.</summary>
    public void CopyRow(SlotCache source, int from, int to, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(source);
        if (source.Layout != Layout || source.Capacity != Capacity)
        {
            throw new ArgumentException("Both caches must have the same layout and capacity.", nameof(source));
        }

        if (length < 0 || length > Capacity || from < 0 || from >= source.Slots || to < 0 || to >= Slots)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"Cannot copy {length} positions from slot {from} to slot {to}.");
        }

        if (ReferenceEquals(source, this) && from == to)
        {
            return;
        }

        var headBytes = (long)Capacity * Layout.PositionBytes;
        var validBytes = (long)length * Layout.PositionBytes;
        for (var t = 0; t < _buffers.Length; t++)
        {
            for (var h = 0; h < Layout.KvHeads; h++)
            {
                var sourceStart = (byte*)source._buffers[t] + (from * RowBytes) + (h * headBytes);
                var targetStart = (byte*)_buffers[t] + (to * RowBytes) + (h * headBytes);
                Buffer.MemoryCopy(sourceStart, targetStart, validBytes, validBytes);
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        for (var t = 0; t < _buffers.Length; t++)
        {
            if (_buffers[t] != 0)
            {
                NativeMemory.AlignedFree((void*)_buffers[t]);
                _buffers[t] = 0;
            }
        }
    }
}
