using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace DataFactory.Inference.Tokenization.Normalization;

/// <summary>tokenizer.json normalizer <c>Replace</c>: a literal string or a regular expression, every occurrence.</summary>
internal sealed class ReplaceNormalizer : Normalizer
{
    private readonly string? _literal;
    private readonly Regex? _regex;
    private readonly string _content;

    public ReplaceNormalizer(string? literal, Regex? regex, string content)
    {
        _literal = literal;
        _regex = regex;
        _content = content;
    }

    public override string Normalize(string original)
    {
        if (_regex is not null)
        {
            return _regex.Replace(original, _content.Replace("$", "$$", StringComparison.Ordinal));
        }

        return string.IsNullOrEmpty(_literal) ? original : original.Replace(_literal, _content, StringComparison.Ordinal);
    }

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
}
