namespace DataFactory.Inference.Tokenization.Bpe;

/// <summary>The <c>model</c> section of a tokenizer.json of type BPE.</summary>
internal sealed class BpeModelOptions
{
    /// <summary>Token string to id.</summary>
    public required Dictionary<string, int> Vocabulary { get; init; }

    /// <summary>Merges in rank order, as (left, right) token strings.</summary>
    public required IReadOnlyList<(string Left, string Right)> Merges { get; init; }

    /// <summary>Token used for characters outside the vocabulary; null drops them, as the reference does.</summary>
    public string? UnknownToken { get; init; }

    /// <summary>Whether consecutive unknown characters become one unknown token.</summary>
    public bool FuseUnknown { get; init; }

    /// <summary>Whether characters outside the vocabulary become their UTF-8 bytes as <c>&lt;0xNN&gt;</c> tokens.</summary>
    public bool ByteFallback { get; init; }

    /// <summary>Whether a word found whole in the vocabulary skips merging.</summary>
    public bool IgnoreMerges { get; init; }

    /// <summary>Prefix of every symbol that does not start a word.</summary>
    public string? ContinuingSubwordPrefix { get; init; }

    /// <summary>Suffix of the symbol that ends a word.</summary>
    public string? EndOfWordSuffix { get; init; }
}
