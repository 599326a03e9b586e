using System.Runtime.InteropServices;
using DataFactory.Inference.Models;
using Microsoft.ML.OnnxRuntime;

namespace DataFactory.Inference.Runtime;

/// <summary>Read access to a [rows, sequence, vocabulary] logits output in float32 or float16, without copying the tensor.</summary>
internal sealed class LogitsView(OrtValue value, TensorElementKind kind, int rows, int sequence, int vocabulary) : IDisposable
{
    public int Rows => rows;

    public int Vocabulary => vocabulary;

    /// <summary>
    /// The logits after the last position of <paramref name="row"/> as float32: the tensor's own memory for float32,
    /// else converted into <paramref name="scratch"/>.
    /// </summary>
    public ReadOnlySpan<float> LastPosition(int row, Span<float> scratch)
    {
        var offset = ((row * sequence) + sequence - 1) * vocabulary;
        if (kind == TensorElementKind.Float32)
        {
            return value.GetTensorDataAsSpan<float>().Slice(offset, vocabulary);
        }

        var halves = MemoryMarshal.Cast<Float16, Half>(value.GetTensorDataAsSpan<Float16>()).Slice(offset, vocabulary);
        var target = scratch[..vocabulary];
        HalfConverter.ToSingle(halves, target);
        return target;
    }

    public void Dispose() => value.Dispose();
}
