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
}
