namespace DataFactory.Inference.Runtime;

/// <summary>What one forward pass returns: the logits and the grown cache, both owned by the caller.</summary>
internal sealed record ForwardResult(LogitsView Logits, KvCache Present);
