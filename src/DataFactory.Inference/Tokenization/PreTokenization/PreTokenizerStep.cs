namespace DataFactory.Inference.Tokenization.PreTokenization;

/// <summary>One pre-tokenizer of tokenizer.json: turns each piece into zero or more pieces.</summary>
internal abstract class PreTokenizerStep
{
    /// <summary>Applies the step to every piece, in place.</summary>
    public virtual void Run(List<PreTokenizedPiece> pieces, List<PreTokenizedPiece> scratch, PreTokenizeContext context)
    {
        scratch.Clear();
        foreach (var piece in pieces)
        {
            Split(piece, scratch, context);
        }

        pieces.Clear();
        pieces.AddRange(scratch);
    }

    /// <summary>Splits or transforms one piece into <paramref name="output"/>.</summary>
    protected abstract void Split(PreTokenizedPiece piece, List<PreTokenizedPiece> output, PreTokenizeContext context);
}
