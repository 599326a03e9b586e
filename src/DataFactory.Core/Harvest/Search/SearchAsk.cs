namespace DataFactory.Core.Harvest.Search;

/// <summary>
/// One request of a search: <paramref name="Count"/> continuations of <paramref name="Prefix"/> (the assistant's
/// partial response), with candidate indices from <paramref name="FirstIndex"/> (which, with the run seed and the
/// problem, fix their seeds).
/// </summary>
/// <param name="Kind">Next steps or rollouts.</param>
/// <param name="Prefix">The partial trace to continue; empty at the root.</param>
/// <param name="PrefixTokens">Tokens generated for the prefix along its path.</param>
/// <param name="FirstIndex">The first candidate index.</param>
/// <param name="Count">How many continuations.</param>
public sealed record SearchAsk(SearchAskKind Kind, string Prefix, int PrefixTokens, int FirstIndex, int Count)
{
    /// <summary>The partial trace the continuations extend.</summary>
    internal SearchNode Node { get; init; } = SearchNode.Root;
}
