using System.Runtime.InteropServices;

namespace DataFactory.Core.Decontamination;

/// <summary>
/// Benchmark items indexed three ways, built once and then read by any number of
/// <see cref="ContaminationChecker"/>s (one per thread): the hash of each item's whole word sequence
/// (exact match after normalisation), the hashes of its first and second halves (a copy with one word
/// changed keeps one half whole, whatever the item's length; the candidate is then compared word by
/// word), and the hashes of its n-grams (a copy
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
    private readonly Dictionary<ulong, int> _halves = [];
    private readonly List<ulong[]> _itemWords = [];

    // A bit per n-gram hash prefix: most of a clean problem's n-grams are rejected with one memory read.
    private const int FilterBits = 22;
    private readonly ulong[] _ngramFilter = new ulong[(1 << FilterBits) / 64];

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
        _itemWords.Add([.. _words]);
        var (first, second) = HalfKeys(_words);
        AddShared(_halves, first, index);
        AddShared(_halves, second, index);

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

    internal ulong[] WordsOf(int index) => _itemWords[index];

    /// <summary>The items whose first or second half has this key.</summary>
    internal bool TryHalf(ulong key, out int single, out List<int>? several) => TryShared(_halves, key, out single, out several);

    internal bool MayHoldNgram(ulong key) => (_ngramFilter[(int)(key >> (64 - FilterBits + 6))] & (1UL << (int)((key >> (64 - FilterBits)) & 63))) != 0;

    /// <summary>The items holding the n-gram: one in <paramref name="single"/>, or several in <paramref name="several"/>.</summary>
    internal bool TryNgram(ulong key, out int single, out List<int>? several) => TryShared(_ngrams, key, out single, out several);

    private bool TryShared(Dictionary<ulong, int> map, ulong key, out int single, out List<int>? several)
    {
        several = null;
        if (!map.TryGetValue(key, out single))
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

    /// <summary>The keys of the first half (words [0, n/2)) and the second half of the sequence, salted with its length.</summary>
    internal static (ulong First, ulong Second) HalfKeys(List<ulong> words)
    {
        var span = CollectionsMarshal.AsSpan(words);
        var middle = span.Length / 2;
        ulong first = 0, second = 0;
        for (var i = 0; i < middle; i++)
        {
            first = (first * Base) + span[i];
        }

        for (var i = middle; i < span.Length; i++)
        {
            second = (second * Base) + span[i];
        }

        var salt = (ulong)span.Length * LengthSalt;
        return (TextTokens.Mix(first ^ salt ^ Mask), TextTokens.Mix(second ^ salt ^ ~Mask));
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
        _ngramFilter[(int)(key >> (64 - FilterBits + 6))] |= 1UL << (int)((key >> (64 - FilterBits)) & 63);
        AddShared(_ngrams, key, index);
    }

    private void AddShared(Dictionary<ulong, int> map, ulong key, int index)
    {
        if (!map.TryGetValue(key, out var existing))
        {
            map.Add(key, index);
        }
        else if (existing >= 0)
        {
            if (existing != index)
            {
                _shared.Add([existing, index]);
                map[key] = ~(_shared.Count - 1);
            }
        }
        else if (_shared[~existing][^1] != index)
        {
            _shared[~existing].Add(index);
        }
    }
}
