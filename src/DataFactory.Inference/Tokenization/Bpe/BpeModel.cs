using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace DataFactory.Inference.Tokenization.Bpe;

/// <summary>
/// The BPE model of Hugging Face tokenizers: a word becomes its characters (or their byte tokens
/// under byte fallback), then merges apply by rank. Results are cached per word; thread-safe.
/// </summary>
internal sealed class BpeModel
{
    private const int CacheCapacity = 50_000;
    private const int MaxCachedWordLength = 256;

    private readonly Dictionary<string, int> _vocabulary;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int[] _byteTokenIds;
    private readonly int? _unknownId;
    private readonly bool _fuseUnknown;
    private readonly bool _ignoreMerges;
    private readonly string? _prefix;
    private readonly string? _suffix;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    // ConcurrentDictionary.Count takes every lock; a counter keeps the capacity check cheap.
    private int _cached;

    public BpeModel(BpeModelOptions options)
    {
        _vocabulary = options.Vocabulary;
        _lookup = _vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        _fuseUnknown = options.FuseUnknown;
        _ignoreMerges = options.IgnoreMerges;
        _prefix = string.IsNullOrEmpty(options.ContinuingSubwordPrefix) ? null : options.ContinuingSubwordPrefix;
        _suffix = string.IsNullOrEmpty(options.EndOfWordSuffix) ? null : options.EndOfWordSuffix;

        if (options.UnknownToken is not null)
        {
            if (!_vocabulary.TryGetValue(options.UnknownToken, out var unknownId))
            {
                throw new TokenizerException($"The BPE unk_token '{options.UnknownToken}' is not in the vocabulary.");
            }

            _unknownId = unknownId;
        }

        _byteTokenIds = new int[256];
        Array.Fill(_byteTokenIds, -1);
        if (options.ByteFallback)
        {
            for (var b = 0; b < 256; b++)
            {
                if (_vocabulary.TryGetValue(string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>"), out var id))
                {
                    _byteTokenIds[b] = id;
                }
            }
        }

        ByteFallback = options.ByteFallback;
        Merges = BuildMerges(options);
    }

    /// <summary>Pair of token ids to what they merge into.</summary>
    public Dictionary<long, MergeTarget> Merges { get; }

    /// <summary>Whether unknown characters fall back to byte tokens.</summary>
    public bool ByteFallback { get; }

    /// <summary>Token string to id.</summary>
    public IReadOnlyDictionary<string, int> Vocabulary => _vocabulary;

    /// <summary>Appends the ids of one pre-tokenized word to <paramref name="output"/>.</summary>
    public void Encode(string word, List<int> output, List<int> scratch, BpeWordMerger merger)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (_cache.TryGetValue(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }

        if (_ignoreMerges && _vocabulary.TryGetValue(word, out var whole))
        {
            output.Add(whole);
            return;
        }

        scratch.Clear();
        SplitIntoSymbols(word, scratch);
        merger.Merge(scratch);
        output.AddRange(scratch);

        if (word.Length <= MaxCachedWordLength && Volatile.Read(ref _cached) < CacheCapacity && _cache.TryAdd(word, [.. scratch]))
        {
            Interlocked.Increment(ref _cached);
        }
    }

    private void SplitIntoSymbols(string word, List<int> symbols)
    {
        Span<char> buffer = stackalloc char[64];
        Span<byte> utf8 = stackalloc byte[4];
        var unknownPending = false;
        var i = 0;
        while (i < word.Length)
        {
            var length = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            var symbol = word.AsSpan(i, length);
            var isFirst = i == 0;
            var isLast = i + length == word.Length;
            i += length;

            var lookup = Decorate(symbol, isFirst, isLast, buffer);
            if (_lookup.TryGetValue(lookup, out var id))
            {
                unknownPending = false;
                symbols.Add(id);
                continue;
            }

            if (ByteFallback && TryAddBytes(symbol, symbols, utf8))
            {
                unknownPending = false;
                continue;
            }

            if (_unknownId is { } unknown)
            {
                if (!(unknownPending && _fuseUnknown))
                {
                    symbols.Add(unknown);
                }

                unknownPending = true;
            }
        }
    }

    private ReadOnlySpan<char> Decorate(ReadOnlySpan<char> symbol, bool isFirst, bool isLast, Span<char> buffer)
    {
        var prefix = !isFirst && _prefix is not null ? _prefix.AsSpan() : [];
        var suffix = isLast && _suffix is not null ? _suffix.AsSpan() : [];
        if (prefix.IsEmpty && suffix.IsEmpty)
        {
            return symbol;
        }

        var total = prefix.Length + symbol.Length + suffix.Length;
        var target = total <= buffer.Length ? buffer[..total] : new char[total];
        prefix.CopyTo(target);
        symbol.CopyTo(target[prefix.Length..]);
        suffix.CopyTo(target[(prefix.Length + symbol.Length)..]);
        return target;
    }

    private bool TryAddBytes(ReadOnlySpan<char> symbol, List<int> symbols, Span<byte> utf8)
    {
        var written = Encoding.UTF8.GetBytes(symbol, utf8);
        for (var b = 0; b < written; b++)
        {
            if (_byteTokenIds[utf8[b]] < 0)
            {
                return false;
            }
        }

        for (var b = 0; b < written; b++)
        {
            symbols.Add(_byteTokenIds[utf8[b]]);
        }

        return true;
    }

    private Dictionary<long, MergeTarget> BuildMerges(BpeModelOptions options)
    {
        var prefixLength = _prefix?.Length ?? 0;
        var merges = new Dictionary<long, MergeTarget>(options.Merges.Count);
        for (var rank = 0; rank < options.Merges.Count; rank++)
        {
            var (left, right) = options.Merges[rank];
            var leftId = Require(left, rank);
            var rightId = Require(right, rank);
            if (right.Length < prefixLength)
            {
                throw new TokenizerException($"Merge {rank} ('{left}' '{right}') is shorter than the continuing-subword prefix.");
            }

            var newId = Require(string.Concat(left, right.AsSpan(prefixLength)), rank);

            // A repeated pair keeps its last rank, as the reference implementations' maps do.
            merges[BpeWordMerger.Key(leftId, rightId)] = new MergeTarget(rank, newId);
        }

        return merges;
    }

    private int Require(string token, int rank) =>
        _vocabulary.TryGetValue(token, out var id)
            ? id
            : throw new TokenizerException($"Merge {rank} uses '{token}', which is not in the vocabulary.");
}
