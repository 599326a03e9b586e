namespace DataFactory.Inference.Tokenization.AddedTokens;

/// <summary>A stretch of input text: either an added token (its id) or plain text for the model (id -1).</summary>
/// <param name="Start">Start index in the input.</param>
/// <param name="Length">Length in chars.</param>
/// <param name="TokenId">The added token's id, or -1 for plain text.</param>
internal readonly record struct TextSegment(int Start, int Length, int TokenId)
{
    public bool IsAddedToken => TokenId >= 0;
}
