using System.Runtime.InteropServices;
using System.Text;

namespace DataFactory.Inference.Tokenization.Decoding;

/// <summary>
/// tokenizer.json decoder <c>ByteLevel</c>: byte-level characters back to bytes, all tokens
/// joined into one string; invalid UTF-8 becomes U+FFFD. A token with characters outside the
/// alphabet (an added token such as a run of spaces) contributes its own UTF-8, as in tokenizers.
/// </summary>
internal sealed class ByteLevelDecoder : TokenDecoderStep
{
    public override void Decode(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            if (IsInAlphabet(token))
            {
                foreach (var c in token)
                {
                    bytes.Add((byte)ByteLevelAlphabet.ToByte(c));
                }

                continue;
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(token));
        }

        tokens.Clear();
        tokens.Add(Encoding.UTF8.GetString(CollectionsMarshal.AsSpan(bytes)));
    }

    private static bool IsInAlphabet(string token)
    {
        foreach (var c in token)
        {
            if (ByteLevelAlphabet.ToByte(c) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
