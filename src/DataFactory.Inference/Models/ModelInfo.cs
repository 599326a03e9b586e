namespace DataFactory.Inference.Models;

/// <summary>What the engine read from a decoder graph and its <c>config.json</c>.</summary>
public sealed record ModelInfo
{
    /// <summary>Folder the model was loaded from.</summary>
    public required string Directory { get; init; }

    /// <summary>The ONNX decoder file in use.</summary>
    public required string OnnxPath { get; init; }

    /// <summary><c>model_type</c> from <c>config.json</c>, when present.</summary>
    public string? ModelType { get; init; }

    /// <summary>Decoder layers (one key and one value cache tensor each).</summary>
    public required int Layers { get; init; }

    /// <summary>Key/value heads; fewer than the attention heads under grouped-query attention.</summary>
    public required int KvHeads { get; init; }

    /// <summary>Size of one attention head.</summary>
    public required int HeadSize { get; init; }

    /// <summary>Width of the logits (the model's vocabulary).</summary>
    public required int VocabularySize { get; init; }

    /// <summary>Most tokens (prompt plus generated) the model accepts.</summary>
    public required int ContextLength { get; init; }

    /// <summary>Element type of the KV cache.</summary>
    public required TensorElementKind KvElementType { get; init; }

    /// <summary>Element type of the logits.</summary>
    public required TensorElementKind LogitsElementType { get; init; }

    /// <summary>End-of-sequence token ids declared by <c>config.json</c> and <c>generation_config.json</c>.</summary>
    public required IReadOnlySet<int> EosTokenIds { get; init; }

    /// <summary>Width of the hidden state from <c>config.json</c>, when given.</summary>
    public int? HiddenSize { get; init; }

    /// <summary>Rough decoder FLOPs per generated token (2 × weights touched), from <c>config.json</c>; 0 when unknown.</summary>
    public long FlopsPerToken { get; init; }
}
