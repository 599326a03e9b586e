namespace DataFactory.Inference.Models;

/// <summary>Element type of the KV cache or the logits of a decoder graph.</summary>
public enum TensorElementKind
{
    /// <summary>32-bit IEEE float.</summary>
    Float32,

    /// <summary>16-bit IEEE float (half).</summary>
    Float16,
}
