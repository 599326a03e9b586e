namespace DataFactory.Core.Decontamination;

/// <summary>
/// Checks problem texts against a <see cref="ContaminationIndex"/>. Not thread-safe (it reuses its
/// buffers): one checker per thread; the index is shared. Time is linear in the problem's words.
/// </summary>
public sealed class ContaminationChecker(ContaminationIndex index)
{
    private readonly List<ulong> _words = [];
    private readonly List<ulong> _keys = [];
    private readonly Dictionary<int, int> _hits = [];
    private readonly HashSet<ulong> _seen = [];

    /// <summary>The strongest match of <paramref name="text"/>, or null when it overlaps no item enough.</summary>
    public ContaminationMatch? Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        TextTokens.Hash(text, _words);
        if (_words.Count == 0)
        {
            return null;
        }

        if (index.TryExact(ContaminationIndex.WholeKey(_words), out var exact))
        {
            return new ContaminationMatch(index.Item(exact), 1.0, ContaminationKind.Exact);
        }

        ContaminationMatch? best = null;
        if (_words.Count > 1 && index.HasLength(_words.Count))
        {
            best = OneWordChanged();
        }

        return BestNgramMatch(best);
    }

    /// <summary>An item of the same length that differs in exactly one word: one of its halves is whole.</summary>
    private ContaminationMatch? OneWordChanged()
    {
        var (first, second) = ContaminationIndex.HalfKeys(_words);
        foreach (var key in (ReadOnlySpan<ulong>)[first, second])
        {
            if (!index.TryHalf(key, out var single, out var several))
            {
                continue;
            }

            if (several is null)
            {
                if (DiffersInOneWord(single))
                {
                    return Changed(single);
                }
            }
            else
            {
                foreach (var item in several)
                {
                    if (DiffersInOneWord(item))
                    {
                        return Changed(item);
                    }
                }
            }
        }

        return null;
    }

    private ContaminationMatch Changed(int item) =>
        new(index.Item(item), (_words.Count - 1) / (double)_words.Count, ContaminationKind.OneWordChanged);

    private bool DiffersInOneWord(int item)
    {
        var words = index.WordsOf(item);
        if (words.Length != _words.Count)
        {
            return false;
        }

        var differences = 0;
        for (var i = 0; i < words.Length && differences <= 1; i++)
        {
            if (words[i] != _words[i])
            {
                differences++;
            }
        }

        return differences == 1;
    }

    private ContaminationMatch? BestNgramMatch(ContaminationMatch? best)
    {
        _hits.Clear();
        _seen.Clear();
        ContaminationIndex.Ngrams(_words, index.Options.NgramSize, index.NgramPower, _keys);
        foreach (var key in _keys)
        {
            if (!index.MayHoldNgram(key) || !index.TryNgram(key, out var single, out var several) || !_seen.Add(key))
            {
                continue;
            }

            if (several is null)
            {
                _hits[single] = _hits.GetValueOrDefault(single) + 1;
            }
            else
            {
                foreach (var item in several)
                {
                    _hits[item] = _hits.GetValueOrDefault(item) + 1;
                }
            }
        }

        if (_hits.Count == 0)
        {
            return best;
        }

        foreach (var (item, hits) in _hits)
        {
            var overlap = hits / (double)index.NgramsOf(item);
            if (overlap >= index.Options.MinOverlap && (best is null || overlap > best.Overlap))
            {
                best = new ContaminationMatch(index.Item(item), overlap, ContaminationKind.NgramOverlap);
            }
        }

        return best;
    }
}
