using Microsoft.ML.Tokenizers;

namespace DataFactory.Inference.Tokenization.Normalization;

/// <summary>tokenizer.json normalizer <c>Sequence</c>: each normalizer in turn.</summary>
internal sealed class SequenceNormalizer(IReadOnlyList<Normalizer> normalizers) : Normalizer
{
    public override string Normalize(string original)
    {
        var text = original;
        foreach (var normalizer in normalizers)
        {
            text = normalizer.Normalize(text);
        }

        return text;
    }

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
}
