using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace DataFactory.Inference.Tokenization.PreTokenization;

/// <summary>
/// tokenizer.json pre-tokenizer <c>ByteLevel</c>: optional prefix space, optional GPT-2 word
/// split, then each piece's UTF-8 bytes written in <see cref="ByteLevelAlphabet"/>.
/// </summary>
internal sealed partial class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : PreTokenizerStep
{
    protected override void Split(PreTokenizedPiece piece, List<PreTokenizedPiece> output, PreTokenizeContext context)
    {
        var prefixed = addPrefixSpace && !piece.Text.StartsWith(' ');
        var text = prefixed ? " " + piece.Text : piece.Text;
        if (!useRegex || !context.Split)
        {
            output.Add(new PreTokenizedPiece(Map(text), piece.Start, piece.End));
            return;
        }

        // The pattern's last alternatives match any whitespace and everything else is a letter, a
        // number or another char, so the matches cover the text: each match is one word.
        var shift = prefixed ? 1 : 0;
        var span = piece.End - piece.Start;
        foreach (var match in Gpt2Words().EnumerateMatches(text))
        {
            var start = Math.Clamp(match.Index - shift, 0, span);
            var end = Math.Clamp(match.Index + match.Length - shift, 0, span);
            output.Add(new PreTokenizedPiece(Map(text.AsSpan(match.Index, match.Length)), piece.Start + start, piece.Start + end));
        }
    }

    /// <summary>Writes the UTF-8 bytes of <paramref name="text"/> as byte-level characters.</summary>
    public static string Map(ReadOnlySpan<char> text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        byte[]? rented = null;
        var bytes = byteCount <= 512 ? stackalloc byte[byteCount] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, bytes);
            return string.Create(written, bytes[..written], static (chars, source) =>
            {
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = ByteLevelAlphabet.ByteToChar[source[i]];
                }
            });
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // GPT-2's word pattern, as the ByteLevel pre-tokenizer of tokenizers applies it when use_regex is set.
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Gpt2Words();
}
