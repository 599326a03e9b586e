namespace DataFactory.Inference.Tokenization.PreTokenization;

/// <summary>What a split does with the delimiters it finds (tokenizers' SplitDelimiterBehavior).</summary>
internal enum SplitBehavior
{
    /// <summary>Delimiters are dropped.</summary>
    Removed,

    /// <summary>Delimiters become pieces of their own.</summary>
    Isolated,

    /// <summary>A delimiter joins the piece before it.</summary>
    MergedWithPrevious,

    /// <summary>A delimiter joins the piece after it.</summary>
    MergedWithNext,

    /// <summary>Consecutive delimiters become one piece.</summary>
    Contiguous,
}
