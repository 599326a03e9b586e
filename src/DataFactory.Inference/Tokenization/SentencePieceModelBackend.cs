using Microsoft.ML.Tokenizers;

namespace DataFactory.Inference.Tokenization;

/// <summary>
/// A model folder with a SentencePiece <c>tokenizer.model</c> and no tokenizer.json, through the
/// library's <see cref="LlamaTokenizer"/>. BOS/EOS follow tokenizer_config's add_bos_token and
/// add_eos_token when special tokens are requested.
/// </summary>
internal sealed class SentencePieceModelBackend : ITokenizerBackend
{
    private readonly LlamaTokenizer _tokenizer;
    private readonly bool _addBos;
    private readonly bool _addEos;
    private readonly Dictionary<int, string> _idToToken = [];
    private readonly HashSet<int> _special = [];

    public SentencePieceModelBackend(LlamaTokenizer tokenizer, bool addBos, bool addEos)
    {
        _tokenizer = tokenizer;
        _addBos = addBos;
        _addEos = addEos;
        foreach (var (token, id) in tokenizer.Vocabulary)
        {
            _idToToken[id] = token;
        }

        if (tokenizer.SpecialTokens is { } specials)
        {
            foreach (var (token, id) in specials)
            {
                _idToToken[id] = token;
                _special.Add(id);
            }
        }

        _special.Add(tokenizer.BeginningOfSentenceId);
        _special.Add(tokenizer.EndOfSentenceId);
        _special.Add(tokenizer.UnknownId);
        VocabularySize = _idToToken.Count == 0 ? 0 : _idToToken.Keys.Max() + 1;
    }

    public Tokenizer Tokenizer => _tokenizer;

    public int VocabularySize { get; }

    public void Encode(string text, bool addSpecialTokens, List<int> ids) =>
        ids.AddRange(_tokenizer.EncodeToIds(text, addSpecialTokens && _addBos, addSpecialTokens && _addEos));

    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens) =>
        _tokenizer.Decode(ids.ToArray(), considerSpecialTokens: !skipSpecialTokens);

    public bool TryGetTokenId(string token, out int id) =>
        (_tokenizer.SpecialTokens?.TryGetValue(token, out id) ?? false) || _tokenizer.Vocabulary.TryGetValue(token, out id);

    public string? GetToken(int id) => _idToToken.GetValueOrDefault(id);

    public bool IsSpecial(int id) => _special.Contains(id);
}
