using DataFactory.Inference.Models;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DataFactory.Inference.Runtime;

/// <summary>Shape and element type of one model's cache tensors: [rows, kvHeads, length, headSize] per layer, key and value.</summary>
internal sealed record KvLayout(int Tensors, int KvHeads, int HeadSize, TensorElementKind ElementKind)
{
    public int ElementSize => ElementKind == TensorElementKind.Float16 ? 2 : 4;

    public TensorElementType ElementType =>
        ElementKind == TensorElementKind.Float16 ? TensorElementType.Float16 : TensorElementType.Float;

    /// <summary>Bytes of one position of one head.</summary>
    public int PositionBytes => HeadSize * ElementSize;
}
