namespace DataFactory.Core.Diversity;

/// <summary>
/// Groups one problem's chains into distinct paths: a chain whose estimated similarity to an earlier path's first
/// chain reaches <see cref="Threshold"/> joins that path, otherwise it starts a new one. Greedy in the order given
/// (candidate order), so the count is deterministic.
/// </summary>
public static class DistinctChains
{
    /// <summary>The similarity at which two chains are near-duplicates.</summary>
    public const double Threshold = 0.8;

    /// <summary>The distinct paths among the chains (near-duplicates counted once).</summary>
    public static int Count(IEnumerable<ChainSignature> chains, double threshold = Threshold)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var paths = new List<ChainSignature>();
        foreach (var chain in chains)
        {
            if (!paths.Exists(path => path.Similarity(chain) >= threshold))
            {
                paths.Add(chain);
            }
        }

        return paths.Count;
    }

    /// <summary>
    /// How many of the chains fall on each distinct path, paths in the order they first appear: greedy as
    /// <see cref="Count"/>, so there are as many sizes as <see cref="Count"/> counts, and they sum to the chains.
    /// </summary>
    public static IReadOnlyList<int> PathSizes(IEnumerable<ChainSignature> chains, double threshold = Threshold)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var paths = new List<ChainSignature>();
        var sizes = new List<int>();
        foreach (var chain in chains)
        {
            var path = paths.FindIndex(p => p.Similarity(chain) >= threshold);
            if (path < 0)
            {
                paths.Add(chain);
                sizes.Add(1);
            }
            else
            {
                sizes[path]++;
            }
        }

        return sizes;
    }

    /// <summary>
    /// The first chain of each distinct path, at most <paramref name="quota"/> of them: the positions (in the order
    /// given) of the chains a per-problem quota of distinct paths keeps. A near-duplicate of a kept chain is left out.
    /// </summary>
    public static IReadOnlyList<int> FirstOfEachPath(IReadOnlyList<ChainSignature> chains, int quota, double threshold = Threshold)
    {
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentOutOfRangeException.ThrowIfLessThan(quota, 1);
        var kept = new List<int>();
        for (var i = 0; i < chains.Count && kept.Count < quota; i++)
        {
            if (!kept.Exists(k => chains[k].Similarity(chains[i]) >= threshold))
            {
                kept.Add(i);
            }
        }

        return kept;
    }
}
