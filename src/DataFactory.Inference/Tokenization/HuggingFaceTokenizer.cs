using System.Buffers;
using System.Text;
using DataFactory.Inference.Tokenization.AddedTokens;
using DataFactory.Inference.Tokenization.Bpe;
using DataFactory.Inference.Tokenization.Decoding;
using DataFactory.Inference.Tokenization.PreTokenization;
using Microsoft.ML.Tokenizers;

namespace DataFactory.Inference.Tokenization;

/// <summary>
/// A BPE tokenizer described by a Hugging Face tokenizer.json, as a Microsoft.ML.Tokenizers
/// <see cref="Tokenizer"/>: added tokens are split out first, then each stretch between them is
/// normalized, pre-tokenized and merged; decoding runs the decoder chain. Byte-level BPE (GPT-2,
/// Qwen2, Llama 3, SmolLM) and SentencePiece-style BPE with byte fallback (Llama 2) both fit.
/// Token offsets are per pre-tokenized word: every token of a word carries the word's range.
/// </summary>
internal sealed class HuggingFaceTokenizer : Tokenizer, ITokenizerBackend
{
    private readonly AddedTokenMatcher _matcher;
    private readonly Dictionary<string, int> _addedByContent;
    private readonly Normalizer? _normalizer;
    private readonly PreTokenizerStep? _preTokenizer;
    private readonly BpeModel _model;
    private readonly TokenDecoderStep? _decoder;
    private readonly SpecialTokenTemplate _template;
    private readonly string?[] _idToToken;
    private readonly bool[] _isSpecial;

    public HuggingFaceTokenizer(
        BpeModel model,
        IReadOnlyList<AddedToken> addedTokens,
        Normalizer? normalizer,
        PreTokenizerStep? preTokenizer,
        TokenDecoderStep? decoder,
        SpecialTokenTemplate template)
    {
        _model = model;
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _decoder = decoder;
        _template = template;
        _matcher = new AddedTokenMatcher(addedTokens);
        _addedByContent = new Dictionary<string, int>(StringComparer.Ordinal);

        var size = 0;
        foreach (var id in model.Vocabulary.Values)
        {
            size = Math.Max(size, id + 1);
        }

        foreach (var token in addedTokens)
        {
            size = Math.Max(size, token.Id + 1);
        }

        _idToToken = new string?[size];
        _isSpecial = new bool[size];
        foreach (var (token, id) in model.Vocabulary)
        {
            _idToToken[id] = token;
        }

        foreach (var token in addedTokens)
        {
            _idToToken[token.Id] = token.Content;
            _isSpecial[token.Id] = token.Special;
            _addedByContent[token.Content] = token.Id;
        }
    }

    /// <inheritdoc />
    public override Normalizer? Normalizer => _normalizer;

    /// <inheritdoc />
    public Tokenizer Tokenizer => this;

    /// <inheritdoc />
    public int VocabularySize => _idToToken.Length;

    /// <inheritdoc />
    public void Encode(string text, bool addSpecialTokens, List<int> ids)
    {
        if (addSpecialTokens)
        {
            ids.AddRange(_template.Prefix);
        }

        EncodeCore(text, normalize: true, preTokenize: true, ids, offsets: null, normalized: null);
        if (addSpecialTokens)
        {
            ids.AddRange(_template.Suffix);
        }
    }

    /// <inheritdoc />
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens)
    {
        var tokens = new List<string>(ids.Length);
        foreach (var id in ids)
        {
            // Unknown ids are dropped, as tokenizers does.
            if ((uint)id >= (uint)_idToToken.Length || _idToToken[id] is not { } token || (skipSpecialTokens && _isSpecial[id]))
            {
                continue;
            }

            tokens.Add(token);
        }

        if (_decoder is null)
        {
            return string.Join(' ', tokens);
        }

        _decoder.Decode(tokens);
        return string.Concat(tokens);
    }

    /// <inheritdoc />
    public bool TryGetTokenId(string token, out int id) =>
        _addedByContent.TryGetValue(token, out id) || _model.Vocabulary.TryGetValue(token, out id);

    /// <inheritdoc />
    public string? GetToken(int id) => (uint)id < (uint)_idToToken.Length ? _idToToken[id] : null;

    /// <inheritdoc />
    public bool IsSpecial(int id) => (uint)id < (uint)_isSpecial.Length && _isSpecial[id];

    /// <inheritdoc />
    public override string Decode(IEnumerable<int> ids) => Decode([.. ids], skipSpecialTokens: false);

    /// <inheritdoc />
    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        int[] all = [.. ids];
        var text = Decode(all, skipSpecialTokens: false);
        if (text.Length <= destination.Length)
        {
            text.CopyTo(destination);
            idsConsumed = all.Length;
            charsWritten = text.Length;
            return OperationStatus.Done;
        }

        // Longest prefix of the ids whose text fits: decoded length grows with the prefix.
        int low = 0, high = all.Length;
        var best = string.Empty;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            var candidate = Decode(all.AsSpan(0, middle), skipSpecialTokens: false);
            if (candidate.Length <= destination.Length)
            {
                low = middle;
                best = candidate;
            }
            else
            {
                high = middle - 1;
            }
        }

        best.CopyTo(destination);
        idsConsumed = low;
        charsWritten = best.Length;
        return OperationStatus.DestinationTooSmall;
    }

    /// <inheritdoc />
    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var (ids, offsets, normalized, count, consumed) = EncodeWithOffsets(text, textSpan, settings);
        var tokens = new List<EncodedToken>(count);
        for (var i = 0; i < count; i++)
        {
            tokens.Add(new EncodedToken(ids[i], GetToken(ids[i]) ?? string.Empty, offsets[i]));
        }

        return new EncodeResults<EncodedToken> { Tokens = tokens, NormalizedText = normalized, CharsConsumed = consumed };
    }

    /// <inheritdoc />
    protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var (ids, _, normalized, count, consumed) = EncodeWithOffsets(text, textSpan, settings);
        if (count < ids.Count)
        {
            ids.RemoveRange(count, ids.Count - count);
        }

        return new EncodeResults<int> { Tokens = ids, NormalizedText = normalized, CharsConsumed = consumed };
    }

    private (List<int> Ids, List<Range> Offsets, string? Normalized, int Count, int Consumed) EncodeWithOffsets(
        string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var span = text is null ? textSpan : text.AsSpan();
        var ids = new List<int>();
        var offsets = new List<Range>();
        var normalized = settings.ConsiderNormalization && _normalizer is not null ? new StringBuilder(span.Length + 8) : null;
        EncodeCore(span, settings.ConsiderNormalization, settings.ConsiderPreTokenization, ids, offsets, normalized);

        var total = normalized?.Length ?? span.Length;
        var max = settings.MaxTokenCount;
        if (max >= ids.Count)
        {
            return (ids, offsets, normalized?.ToString(), ids.Count, total);
        }

        // Never cut a word in two: drop the tokens that share the first dropped token's range.
        var count = Math.Max(0, max);
        while (count > 0 && offsets[count].Equals(offsets[count - 1]))
        {
            count--;
        }

        var consumed = count == 0 ? 0 : offsets[count - 1].End.Value;
        return (ids, offsets, normalized?.ToString(), count, consumed);
    }

    private void EncodeCore(
        ReadOnlySpan<char> text, bool normalize, bool preTokenize, List<int> ids, List<Range>? offsets, StringBuilder? normalized)
    {
        var segments = new List<TextSegment>();
        _matcher.Split(text, segments);
        var pieces = new List<PreTokenizedPiece>();
        var scratch = new List<PreTokenizedPiece>();
        var symbols = new List<int>();
        var merger = new BpeWordMerger(_model.Merges);
        var position = 0;

        foreach (var segment in segments)
        {
            var raw = text.Slice(segment.Start, segment.Length);
            if (segment.IsAddedToken)
            {
                ids.Add(segment.TokenId);
                offsets?.Add(new Range(position, position + raw.Length));
                normalized?.Append(raw);
                position += raw.Length;
                continue;
            }

            var segmentText = raw.ToString();
            if (normalize && _normalizer is not null)
            {
                segmentText = _normalizer.Normalize(segmentText);
            }

            normalized?.Append(segmentText);
            pieces.Clear();
            pieces.Add(new PreTokenizedPiece(segmentText, 0, segmentText.Length));
            _preTokenizer?.Run(pieces, scratch, new PreTokenizeContext(preTokenize, segment.Start == 0));

            foreach (var piece in pieces)
            {
                var before = ids.Count;
                _model.Encode(piece.Text, ids, symbols, merger);
                if (offsets is not null)
                {
                    var range = new Range(position + piece.Start, position + piece.End);
                    for (var i = before; i < ids.Count; i++)
                    {
                        offsets.Add(range);
                    }
                }
            }

            position += segmentText.Length;
        }
    }
}
