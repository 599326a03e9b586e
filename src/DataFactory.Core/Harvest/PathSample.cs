using DataFactory.Core.Diversity;

namespace DataFactory.Core.Harvest;

/// <summary>
/// What a problem's verified candidates say about the paths the model still has in store: every verified chain whose
/// steps hold, exact duplicates included (each is one more draw that found a known path), and how many distinct
/// paths were seen exactly once among them (the Good–Turing singletons). The default is no sample.
/// </summary>
/// <param name="Chains">Verified chains whose steps hold, over all rounds, exact duplicates included.</param>
/// <param name="Singletons">Distinct paths (near-duplicates counted once) that exactly one of those chains took.</param>
public readonly record struct PathSample(int Chains, int Singletons)
{
    /// <summary>The sample of these chains (in candidate order), grouped into paths as <see cref="DistinctChains"/> groups them.</summary>
    public static PathSample Of(IEnumerable<ChainSignature> chains)
    {
        var sizes = DistinctChains.PathSizes(chains);
        return new PathSample(sizes.Sum(), sizes.Count(s => s == 1));
    }

    /// <summary>
    /// The Good–Turing estimate of the new distinct verified paths the next <paramref name="candidates"/> draws would
    /// find, after <paramref name="drawn"/> draws: the chance that one draw is a verified path not seen yet is
    /// estimated by the singletons over the draws (Good 1953), and the draws are independent.
    /// </summary>
    public double ExpectedNewPaths(int drawn, int candidates) =>
        drawn <= 0 ? double.PositiveInfinity : (double)candidates * Singletons / drawn;
}
