using Microsoft.ML.Tokenizers;

namespace DataFactory.Inference.Tokenization;

/// <summary>
/// A model folder's tokenizer: encoding, decoding and the special token ids generation needs.
/// Thread-safe. Made by <see cref="TokenizerLoader.Load(string)"/>.
/// </summary>
/// <remarks>
/// <see cref="Encode(string)"/> adds no special tokens: chat templates write BOS and turn markers
/// into the text themselves, and added tokens written in the text (<c>&lt;|im_start|&gt;</c>,
/// <c>&lt;s&gt;</c>) are recognised. For a raw prompt without a chat template, call
/// <see cref="Encode(string, bool)"/> with <c>addSpecialTokens: true</c> to get what the
/// tokenizer's post-processor adds (BOS for Llama), as Hugging Face's <c>tokenizer(text)</c> does.
/// Decoding never applies clean_up_tokenization_spaces, so decoding an encoding gives the text back.
/// </remarks>
public sealed class ModelTokenizer
{
    private readonly ITokenizerBackend _backend;
    private readonly HashSet<int> _eosTokenIds;

    internal ModelTokenizer(ITokenizerBackend backend, IReadOnlyList<int> eosTokenIds, int? bosTokenId, int? padTokenId)
    {
        _backend = backend;
        _eosTokenIds = [.. eosTokenIds];
        EosTokenId = eosTokenIds.Count > 0 ? eosTokenIds[0] : null;
        BosTokenId = bosTokenId;
        PadTokenId = padTokenId;
    }

    /// <summary>The Microsoft.ML.Tokenizers tokenizer underneath (library calls: encode to tokens with offsets, count tokens).</summary>
    public Tokenizer Inner => _backend.Tokenizer;

    /// <summary>Highest id the tokenizer can produce, plus one (vocabulary and added tokens).</summary>
    public int VocabularySize => _backend.VocabularySize;

    /// <summary>
    /// The main end-of-sequence id: the first of generation_config.json's <c>eos_token_id</c> (an id or
    /// a list), else config.json's, else tokenizer_config.json's <c>eos_token</c>; null when none is known.
    /// </summary>
    public int? EosTokenId { get; }

    /// <summary>Every id that ends generation (all of the list in generation_config.json).</summary>
    public IReadOnlySet<int> EosTokenIds => _eosTokenIds;

    /// <summary>Beginning-of-sequence id from the same sources as <see cref="EosTokenId"/>, if any.</summary>
    public int? BosTokenId { get; }

    /// <summary>Padding id from the same sources as <see cref="EosTokenId"/>, if any.</summary>
    public int? PadTokenId { get; }

    /// <summary>Encodes text without adding special tokens (see the remarks on the class).</summary>
    /// <param name="text">Text, possibly with added tokens written out.</param>
    /// <returns>Token ids.</returns>
    public IReadOnlyList<int> Encode(string text) => Encode(text, addSpecialTokens: false);

    /// <summary>Encodes text, optionally adding the post-processor's special tokens (e.g. BOS).</summary>
    /// <param name="text">Text, possibly with added tokens written out.</param>
    /// <param name="addSpecialTokens">Whether to add what tokenizer.json's post_processor adds around one sequence.</param>
    /// <returns>Token ids.</returns>
    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        _backend.Encode(text, addSpecialTokens, ids);
        return ids;
    }

    /// <summary>Decodes ids to text; ids the tokenizer does not know are skipped.</summary>
    /// <param name="ids">Token ids.</param>
    /// <param name="skipSpecialTokens">Whether special tokens (BOS, EOS, <c>&lt;|im_end|&gt;</c>) are left out.</param>
    /// <returns>The text.</returns>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = true) => _backend.Decode(ids, skipSpecialTokens);

    /// <summary>A decoder that turns ids arriving one by one into text deltas, for streaming and stop strings.</summary>
    /// <param name="skipSpecialTokens">Whether special tokens are left out of the text.</param>
    /// <returns>A new decoder; not thread-safe.</returns>
    public IncrementalDecoder CreateIncrementalDecoder(bool skipSpecialTokens = true) => new(this, skipSpecialTokens);

    /// <summary>Looks up the id of a token string: an added token's content or a vocabulary entry.</summary>
    /// <param name="token">The token as it appears in tokenizer.json (byte-level or ▁ form for vocabulary entries).</param>
    /// <param name="id">The id when found.</param>
    /// <returns>Whether the token exists.</returns>
    public bool TryGetTokenId(string token, out int id) => _backend.TryGetTokenId(token, out id);

    /// <summary>The token string of an id as stored in the tokenizer, or null when the id is unknown.</summary>
    /// <param name="id">Token id.</param>
    /// <returns>The stored token string.</returns>
    public string? GetToken(int id) => _backend.GetToken(id);

    /// <summary>Whether the id is a special token.</summary>
    /// <param name="id">Token id.</param>
    /// <returns>True for special added tokens.</returns>
    public bool IsSpecialToken(int id) => _backend.IsSpecial(id);
}
