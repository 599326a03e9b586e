namespace DataFactory.Inference.Tokenization.Bpe;

/// <summary>
/// Applies merges to one word's symbols, lowest rank first and leftmost first among equals, with a
/// priority queue: O(n log n) in the word length. Not thread-safe; one instance per encoding call.
/// </summary>
internal sealed class BpeWordMerger
{
    private readonly Dictionary<long, MergeTarget> _merges;
    private readonly PriorityQueue<(int Position, int NewId), (int Rank, int Position)> _queue = new();
    private int[] _ids = new int[32];
    private int[] _previous = new int[32];
    private int[] _next = new int[32];
    private bool[] _removed = new bool[32];

    public BpeWordMerger(Dictionary<long, MergeTarget> merges)
    {
        _merges = merges;
    }

    public static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>Merges <paramref name="symbols"/> in place.</summary>
    public void Merge(List<int> symbols)
    {
        var count = symbols.Count;
        if (count < 2)
        {
            return;
        }

        EnsureCapacity(count);
        for (var i = 0; i < count; i++)
        {
            _ids[i] = symbols[i];
            _previous[i] = i - 1;
            _next[i] = i + 1 < count ? i + 1 : -1;
            _removed[i] = false;
        }

        _queue.Clear();
        for (var i = 0; i + 1 < count; i++)
        {
            Enqueue(i, i + 1);
        }

        while (_queue.TryDequeue(out var entry, out _))
        {
            var position = entry.Position;
            var right = _next[position];
            if (_removed[position] || right < 0)
            {
                continue;
            }

            // Entries go stale when a neighbour merged since they were queued.
            if (!_merges.TryGetValue(Key(_ids[position], _ids[right]), out var target) || target.NewId != entry.NewId)
            {
                continue;
            }

            _ids[position] = target.NewId;
            _removed[right] = true;
            var afterRight = _next[right];
            _next[position] = afterRight;
            if (afterRight >= 0)
            {
                _previous[afterRight] = position;
                Enqueue(position, afterRight);
            }

            if (_previous[position] >= 0)
            {
                Enqueue(_previous[position], position);
            }
        }

        symbols.Clear();
        for (var i = 0; i >= 0; i = _next[i])
        {
            symbols.Add(_ids[i]);
        }
    }

    private void Enqueue(int left, int right)
    {
        if (_merges.TryGetValue(Key(_ids[left], _ids[right]), out var target))
        {
            _queue.Enqueue((left, target.NewId), (target.Rank, left));
        }
    }

    private void EnsureCapacity(int count)
    {
        if (_ids.Length >= count)
        {
            return;
        }

        var size = Math.Max(count, _ids.Length * 2);
        _ids = new int[size];
        _previous = new int[size];
        _next = new int[size];
        _removed = new bool[size];
    }
}
