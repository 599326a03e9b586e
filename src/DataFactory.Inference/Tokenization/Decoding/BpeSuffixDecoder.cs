namespace DataFactory.Inference.Tokenization.Decoding;

/// <summary>tokenizer.json decoder <c>BPEDecoder</c>: the end-of-word suffix becomes a space (nothing at the end).</summary>
internal sealed class BpeSuffixDecoder(string suffix) : TokenDecoderStep
{
    public override void Decode(List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            tokens[i] = tokens[i].Replace(suffix, i == tokens.Count - 1 ? string.Empty : " ", StringComparison.Ordinal);
        }
    }
}
