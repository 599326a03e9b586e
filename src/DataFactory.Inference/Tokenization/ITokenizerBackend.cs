namespace DataFactory.Inference.Tokenization;

/// <summary>What <see cref="ModelTokenizer"/> needs from a concrete tokenizer, whatever file it came from.</summary>
internal interface ITokenizerBackend
{
    /// <summary>The library tokenizer the backend is or wraps.</summary>
    Microsoft.ML.Tokenizers.Tokenizer Tokenizer { get; }

    /// <summary>Highest token id the tokenizer can produce, plus one.</summary>
    int VocabularySize { get; }

    /// <summary>Encodes text; with <paramref name="addSpecialTokens"/> the post-processor's tokens (e.g. BOS) are added.</summary>
    void Encode(string text, bool addSpecialTokens, List<int> ids);

    /// <summary>Decodes ids to text.</summary>
    string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens);

    /// <summary>Looks a token string (vocabulary entry or added token) up.</summary>
    bool TryGetTokenId(string token, out int id);

    /// <summary>The token string of an id, or null for an unknown id.</summary>
    string? GetToken(int id);

    /// <summary>Whether the id is a special token (skipped when decoding with skipSpecialTokens).</summary>
    bool IsSpecial(int id);
}
