namespace DataFactory.Inference.Tokenization.PreTokenization;

/// <summary>tokenizer.json pre-tokenizer <c>Sequence</c>: each step over all pieces, in order.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<PreTokenizerStep> steps) : PreTokenizerStep
{
    public override void Run(List<PreTokenizedPiece> pieces, List<PreTokenizedPiece> scratch, PreTokenizeContext context)
    {
        foreach (var step in steps)
        {
            step.Run(pieces, scratch, context);
        }
    }

    protected override void Split(PreTokenizedPiece piece, List<PreTokenizedPiece> output, PreTokenizeContext context) =>
        throw new InvalidOperationException("A sequence runs its steps over the whole list.");
}
