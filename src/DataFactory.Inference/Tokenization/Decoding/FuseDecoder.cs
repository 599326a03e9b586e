namespace DataFactory.Inference.Tokenization.Decoding;

/// <summary>tokenizer.json decoder <c>Fuse</c>: all tokens become one string.</summary>
internal sealed class FuseDecoder : TokenDecoderStep
{
    public override void Decode(List<string> tokens)
    {
        var fused = string.Concat(tokens);
        tokens.Clear();
        tokens.Add(fused);
    }
}
