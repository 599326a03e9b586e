namespace DataFactory.Inference.Tokenization.AddedTokens;

/// <summary>An entry of tokenizer.json's <c>added_tokens</c>: matched in the text before the model runs.</summary>
/// <param name="Id">Token id.</param>
/// <param name="Content">The literal text of the token.</param>
/// <param name="Special">Whether decoding with skipSpecialTokens leaves it out.</param>
/// <param name="SingleWord">Whether it matches only as a whole word.</param>
/// <param name="LeftStrip">Whether whitespace on its left belongs to it.</param>
/// <param name="RightStrip">Whether whitespace on its right belongs to it.</param>
internal sealed record AddedToken(int Id, string Content, bool Special, bool SingleWord, bool LeftStrip, bool RightStrip);
