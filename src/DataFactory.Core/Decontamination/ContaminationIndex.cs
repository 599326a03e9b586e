using System.Runtime.InteropServices;

namespace DataFactory.Core.Decontamination;

/// <summary>
/// Benchmark items indexed three ways, built once and then read by any number of
/// <see cref="ContaminationChecker"/>s (one per thread): the hash of each item's whole word sequence
/// (exact match after normalisation), the hash of that sequence with each word in turn masked (a copy
/// with one word changed, whatever the item's length), and the hashes of its n-grams (a copy
/// embedded in a longer problem or partly rewritten). An item shorter than the n-gram has no n-grams:
/// it is found only whole (exactly or with one word changed). Memory grows with the items' words,
/// not with the problems checked.
/// </summary>
public sealed class ContaminationIndex
{
    // Polynomial hashing of word-hash sequences modulo 2^64 (an odd multiplier keeps it invertible).
    internal const ulong Base = 0x9E3779B97F4A7C15UL;
    internal const ulong Mask = 0x5851F42D4C957F2DUL;
    private const ulong LengthSalt = 0xD6E8FEB86659FD93UL;

    private readonly List<BenchmarkItem> _items = [];
    private readonly List<int> _ngramCounts = [];
    private readonly Dictionary<ulong, int> _exact = [];
    private readonly Dictionary<ulong, int> _masked = [];

    // An n-gram of one item maps to that item (>= 0); one shared by several maps to ~index into _shared.
    private readonly Dictionary<ulong, int> _ngrams = [];
    private readonly List<List<int>> _shared = [];
    private readonly HashSet<int> _lengths = [];
    private readonly List<ulong> _words = [];
    private readonly List<ulong> _keys = [];
    private readonly HashSet<ulong> _itemNgrams = [];

    /// <summary>Creates an empty index.</summary>
    public ContaminationIndex(DecontaminationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        NgramPower = Power(Base, options.NgramSize - 1);
    }

    /// <summary>The settings the index was built with.</summary>
    public DecontaminationOptions Options { get; }

    /// <summary>The items added.</summary>
    public int Count => _items.Count;

    /// <summary>The distinct n-grams indexed.</summary>
    public int NgramCount => _ngrams.Count;

    internal ulong NgramPower { get; }

    /// <summary>Adds an item; an item with no words is ignored.</summary>
    public void Add(BenchmarkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        TextTokens.Hash(item.Text, _words);
        if (_words.Count == 0)
        {
            return;
        }

        var index = _items.Count;
        _items.Add(item);
        _lengths.Add(_words.Count);
        _exact.TryAdd(WholeKey(_words), index);
        MaskedKeys(_words, _keys);
        foreach (var key in _keys)
        {
            _masked.TryAdd(key, index);
        }

        _itemNgrams.Clear();
        Ngrams(_words, Options.NgramSize, NgramPower, _keys);
        foreach (var key in _keys)
        {
            if (_itemNgrams.Add(key))
            {
                AddNgram(key, index);
            }
        }

        _ngramCounts.Add(_itemNgrams.Count);
    }

    internal BenchmarkItem Item(int index) => _items[index];

    internal int NgramsOf(int index) => _ngramCounts[index];

    internal bool HasLength(int words) => _lengths.Contains(words);

    internal bool TryExact(ulong key, out int item) => _exact.TryGetValue(key, out item);

    internal bool TryMasked(ulong key, out int item) => _masked.TryGetValue(key, out item);

    /// <summary>The items holding the n-gram: one in <paramref name="single"/>, or several in <paramref name="several"/>.</summary>
    internal bool TryNgram(ulong key, out int single, out List<int>? several)
    {
        several = null;
        if (!_ngrams.TryGetValue(key, out single))
        {
            return false;
        }

        if (single < 0)
        {
            several = _shared[~single];
        }

        return true;
    }

    internal static ulong WholeKey(List<ulong> words)
    {
        ulong hash = 0;
        foreach (var word in words)
        {
            hash = (hash * Base) + word;
        }

        return TextTokens.Mix(hash ^ ((ulong)words.Count * LengthSalt));
    }

    /// <summary>Fills <paramref name="keys"/> with the whole-sequence key with word i replaced by a fixed mask, for each i.</summary>
    internal static void MaskedKeys(List<ulong> words, List<ulong> keys)
    {
        keys.Clear();
        var span = CollectionsMarshal.AsSpan(words);
        ulong whole = 0;
        foreach (var word in span)
        {
            whole = (whole * Base) + word;
        }

        var salt = ((ulong)span.Length * LengthSalt) ^ Mask;
        ulong power = 1;
        for (var i = span.Length - 1; i >= 0; i--)
        {
            keys.Add(TextTokens.Mix((whole + ((Mask - span[i]) * power)) ^ salt));
            power *= Base;
        }
    }

    /// <summary>Fills <paramref name="keys"/> with the rolling hash of every run of <paramref name="n"/> words.</summary>
    internal static void Ngrams(List<ulong> words, int n, ulong power, List<ulong> keys)
    {
        keys.Clear();
        var span = CollectionsMarshal.AsSpan(words);
        if (span.Length < n)
        {
            return;
        }

        ulong hash = 0;
        for (var i = 0; i < n; i++)
        {
            hash = (hash * Base) + span[i];
        }

        keys.Add(TextTokens.Mix(hash));
        for (var i = n; i < span.Length; i++)
        {
            hash = ((hash - (span[i - n] * power)) * Base) + span[i];
            keys.Add(TextTokens.Mix(hash));
        }
    }

    internal static ulong Power(ulong value, int exponent)
    {
        ulong result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= value;
        }

        return result;
    }

    private void AddNgram(ulong key, int index)
    {
        if (!_ngrams.TryGetValue(key, out var existing))
        {
            _ngrams.Add(key, index);
        }
        else if (existing >= 0)
        {
            _shared.Add([existing, index]);
            _ngrams[key] = ~(_shared.Count - 1);
        }
        else
        {
            _shared[~existing].Add(index);
        }
    }
}
