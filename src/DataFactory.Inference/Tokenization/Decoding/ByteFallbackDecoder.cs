using System.Globalization;
using System.Text;

namespace DataFactory.Inference.Tokenization.Decoding;

/// <summary>
/// tokenizer.json decoder <c>ByteFallback</c>: runs of <c>&lt;0xNN&gt;</c> tokens become the text
/// their bytes spell; a run that is not valid UTF-8 becomes one U+FFFD per byte, as in tokenizers.
/// </summary>
internal sealed class ByteFallbackDecoder : TokenDecoderStep
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public override void Decode(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            if (TryParseByte(token, out var value))
            {
                bytes.Add(value);
                continue;
            }

            Flush(bytes, output);
            output.Add(token);
        }

        Flush(bytes, output);
        tokens.Clear();
        tokens.AddRange(output);
    }

    private static void Flush(List<byte> bytes, List<string> output)
    {
        if (bytes.Count == 0)
        {
            return;
        }

        try
        {
            output.Add(Strict.GetString([.. bytes]));
        }
        catch (DecoderFallbackException)
        {
            for (var i = 0; i < bytes.Count; i++)
            {
                output.Add("\uFFFD");
            }
        }

        bytes.Clear();
    }

    private static bool TryParseByte(string token, out byte value)
    {
        value = 0;
        return token.Length == 6
            && token.StartsWith("<0x", StringComparison.Ordinal)
            && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
    }
}
