namespace DataFactory.Inference.Tokenization.PreTokenization;

/// <summary>How a segment is pre-tokenized.</summary>
/// <param name="Split">False when the caller asked for no pre-tokenization: transforms still apply, splits do not.</param>
/// <param name="SegmentStartsText">Whether the segment starts the input (Metaspace's "first" prepend scheme).</param>
internal readonly record struct PreTokenizeContext(bool Split, bool SegmentStartsText);
