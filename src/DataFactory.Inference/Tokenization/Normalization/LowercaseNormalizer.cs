using Microsoft.ML.Tokenizers;

namespace DataFactory.Inference.Tokenization.Normalization;

/// <summary>tokenizer.json normalizer <c>Lowercase</c>: culture-independent lower case.</summary>
internal sealed class LowercaseNormalizer : Normalizer
{
    public override string Normalize(string original) => original.ToLowerInvariant();

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
}
