using System.Text.RegularExpressions;

namespace DataFactory.Inference.Tokenization.Decoding;

/// <summary>tokenizer.json decoder <c>Replace</c>: a literal or regex replaced in each token.</summary>
internal sealed class ReplaceDecoder(string? literal, Regex? regex, string content) : TokenDecoderStep
{
    public override void Decode(List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (regex is not null)
            {
                tokens[i] = regex.Replace(tokens[i], content.Replace("$", "$$", StringComparison.Ordinal));
            }
            else if (!string.IsNullOrEmpty(literal))
            {
                tokens[i] = tokens[i].Replace(literal, content, StringComparison.Ordinal);
            }
        }
    }
}
