using System.Runtime.InteropServices;

namespace DataFactory.Inference.Tokenization;

/// <summary>
/// Turns generated ids into text as they arrive. Each step decodes a short window that starts a
/// little before the new token, so decoders that depend on context (a stripped leading space,
/// a character split over byte tokens) give the same text as decoding everything at once;
/// text ending in an incomplete UTF-8 character is held back until the character completes.
/// </summary>
public sealed class IncrementalDecoder
{
    // A model that keeps producing invalid bytes must not grow the window without bound.
    private const int MaxPendingTokens = 16;

    private readonly ModelTokenizer _tokenizer;
    private readonly bool _skipSpecialTokens;
    private readonly List<int> _ids = [];
    private int _prefixOffset;
    private int _readOffset;

    internal IncrementalDecoder(ModelTokenizer tokenizer, bool skipSpecialTokens)
    {
        _tokenizer = tokenizer;
        _skipSpecialTokens = skipSpecialTokens;
    }

    /// <summary>All ids appended so far.</summary>
    public IReadOnlyList<int> Ids => _ids;

    /// <summary>Adds one id and returns the text it completes (possibly empty).</summary>
    /// <param name="id">The next token id.</param>
    /// <returns>New text since the previous call.</returns>
    public string Append(int id)
    {
        _ids.Add(id);
        var ids = CollectionsMarshal.AsSpan(_ids);
        var prefix = _tokenizer.Decode(ids[_prefixOffset.._readOffset], _skipSpecialTokens);
        var full = _tokenizer.Decode(ids[_prefixOffset..], _skipSpecialTokens);
        var pending = _ids.Count - _readOffset;
        if (full.Length <= prefix.Length || (full.EndsWith('\uFFFD') && pending < MaxPendingTokens))
        {
            return string.Empty;
        }

        _prefixOffset = _readOffset;
        _readOffset = _ids.Count;
        return full[CommonPrefixLength(prefix, full)..];
    }

    /// <summary>Text still held back (an incomplete character at the end), with U+FFFD for the missing bytes.</summary>
    /// <returns>The remaining text; empty when nothing is pending.</returns>
    public string Flush()
    {
        var ids = CollectionsMarshal.AsSpan(_ids);
        if (_readOffset == _ids.Count)
        {
            return string.Empty;
        }

        var prefix = _tokenizer.Decode(ids[_prefixOffset.._readOffset], _skipSpecialTokens);
        var full = _tokenizer.Decode(ids[_prefixOffset..], _skipSpecialTokens);
        _prefixOffset = _readOffset;
        _readOffset = _ids.Count;
        return full.Length > prefix.Length ? full[CommonPrefixLength(prefix, full)..] : string.Empty;
    }

    private static int CommonPrefixLength(string prefix, string full) =>
        full.StartsWith(prefix, StringComparison.Ordinal) ? prefix.Length : prefix.AsSpan().CommonPrefixLength(full);
}
