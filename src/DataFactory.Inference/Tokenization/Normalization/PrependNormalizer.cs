using Microsoft.ML.Tokenizers;

namespace DataFactory.Inference.Tokenization.Normalization;

/// <summary>tokenizer.json normalizer <c>Prepend</c> (SentencePiece's dummy prefix <c>▁</c>): non-empty text gets the prefix.</summary>
internal sealed class PrependNormalizer(string prefix) : Normalizer
{
    public override string Normalize(string original) => original.Length == 0 ? original : prefix + original;

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
}
