namespace DataFactory.Inference.Tokenization.Decoding;

/// <summary>One decoder of tokenizer.json: rewrites the list of token strings (tokenizers' decode_chain).</summary>
internal abstract class TokenDecoderStep
{
    /// <summary>Rewrites <paramref name="tokens"/> in place.</summary>
    public abstract void Decode(List<string> tokens);
}
