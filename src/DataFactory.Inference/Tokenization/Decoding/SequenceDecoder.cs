namespace DataFactory.Inference.Tokenization.Decoding;

/// <summary>tokenizer.json decoder <c>Sequence</c>: each decoder in turn.</summary>
internal sealed class SequenceDecoder(IReadOnlyList<TokenDecoderStep> steps) : TokenDecoderStep
{
    public override void Decode(List<string> tokens)
    {
        foreach (var step in steps)
        {
            step.Decode(tokens);
        }
    }
}
