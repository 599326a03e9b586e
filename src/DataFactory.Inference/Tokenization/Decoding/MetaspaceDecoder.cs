namespace DataFactory.Inference.Tokenization.Decoding;

/// <summary>
/// tokenizer.json decoder <c>Metaspace</c>: the replacement character back to spaces; in the first
/// token it is dropped instead when a prefix was prepended at encoding (as tokenizers does).
/// </summary>
internal sealed class MetaspaceDecoder(char replacement, bool dropInFirstToken) : TokenDecoderStep
{
    public override void Decode(List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            tokens[i] = i == 0 && dropInFirstToken
                ? tokens[i].Replace(replacement.ToString(), string.Empty, StringComparison.Ordinal)
                : tokens[i].Replace(replacement, ' ');
        }
    }
}
