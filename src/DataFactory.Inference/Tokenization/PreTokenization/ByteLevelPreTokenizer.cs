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
        var text = addPrefixSpace && !piece.Text.StartsWith(' ') ? " " + piece.Text : piece.Text;
        var shifted = piece with { Text = text };
        if (!useRegex || !context.Split)
        {
            output.Add(new PreTokenizedPiece(Map(text), piece.Start, piece.End));
            return;
        }

        var parts = new List<(int Start, int End, bool IsMatch)>();
        var position = 0;
        foreach (var match in Gpt2Words().EnumerateMatches(text))
        {
            if (match.Index > position)
            {
                parts.Add((position, match.Index, false));
            }

            parts.Add((match.Index, match.Index + match.Length, true));
            position = match.Index + match.Length;
        }

        if (position < text.Length)
        {
            parts.Add((position, text.Length, false));
        }

        var words = new List<PreTokenizedPiece>();
        RegexSplitPreTokenizer.Emit(shifted, RegexSplitPreTokenizer.Arrange(parts, SplitBehavior.Isolated), words);
        foreach (var word in words)
        {
            output.Add(word with { Text = Map(word.Text) });
        }
    }

    /// <summary>Writes the UTF-8 bytes of <paramref name="text"/> as byte-level characters.</summary>
    public static string Map(string text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        var rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, rented);
            return string.Create(written, rented, static (chars, bytes) =>
            {
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = ByteLevelAlphabet.ByteToChar[bytes[i]];
                }
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // GPT-2's word pattern, as the ByteLevel pre-tokenizer of tokenizers applies it when use_regex is set.
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Gpt2Words();
}
