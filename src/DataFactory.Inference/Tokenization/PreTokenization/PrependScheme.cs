namespace DataFactory.Inference.Tokenization.PreTokenization;

/// <summary>When Metaspace puts the replacement character in front of a piece.</summary>
internal enum PrependScheme
{
    /// <summary>Every piece that does not start with it.</summary>
    Always,

    /// <summary>Only the piece at the very start of the input.</summary>
    First,

    /// <summary>Never.</summary>
    Never,
}
