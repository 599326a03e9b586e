using Microsoft.ML.Tokenizers;

namespace DataFactory.Inference.Tokenization.Normalization;

/// <summary>tokenizer.json normalizer <c>Strip</c>: whitespace off the left and/or right end.</summary>
internal sealed class StripNormalizer(bool left, bool right) : Normalizer
{
    public override string Normalize(string original)
    {
        var span = original.AsSpan();
        if (left)
        {
            span = span.TrimStart();
        }

        if (right)
        {
            span = span.TrimEnd();
        }

        return span.Length == original.Length ? original : span.ToString();
    }

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
}
