namespace DataFactory.Inference.Tokenization.PreTokenization;

/// <summary>A word for the model, with the range it came from in its segment's normalized text.</summary>
/// <param name="Text">The word as the model sees it (after byte mapping or ▁ replacement).</param>
/// <param name="Start">Start of its source range in the segment's normalized text.</param>
/// <param name="End">End of its source range.</param>
internal readonly record struct PreTokenizedPiece(string Text, int Start, int End);
