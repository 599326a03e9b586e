namespace DataFactory.Storage.Export;

/// <summary>How a problem's candidates are ordered for each side, and which pairs of them are written.</summary>
internal static class PairPicks
{
    public static List<Side> OrderChosen(List<Side> sides, ChosenPick pick, int seed, long problemId) => pick switch
    {
        ChosenPick.Shortest => [.. sides.OrderBy(s => s.TokenCount).ThenBy(s => s.Id)],
        ChosenPick.First => [.. sides.OrderBy(s => s.Id)],
        _ => Shuffle(sides, seed, problemId),
    };

    public static List<Side> OrderRejected(List<Side> sides, RejectedPick pick, int seed, long problemId)
    {
        switch (pick)
        {
            case RejectedPick.Common:
                // The mode of the wrong answers first: the answer the model is most likely to give wrongly.
                var counts = sides.Where(s => s.FinalAnswer is not null)
                    .GroupBy(s => s.FinalAnswer!.Trim(), StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                return
                [
                    .. sides
                        .OrderByDescending(s => s.FinalAnswer is null ? 0 : counts[s.FinalAnswer.Trim()])
                        .ThenBy(s => s.FinalAnswer?.Trim(), StringComparer.Ordinal)
                        .ThenBy(s => s.TokenCount)
                        .ThenBy(s => s.Id),
                ];
            case RejectedPick.Shortest:
                return [.. sides.OrderBy(s => s.TokenCount).ThenBy(s => s.Id)];
            case RejectedPick.First:
                return [.. sides.OrderBy(s => s.Id)];
            default:
                return Shuffle(sides, seed, problemId);
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> distinct (chosen, rejected) index pairs, best with best first: in
    /// order of the sum of the two ranks, then of the chosen rank. One trace against many wrong ones
    /// when there is one trace, and so on.
    /// </summary>
    public static List<(int Chosen, int Rejected)> Pairs(int chosen, int rejected, int limit)
    {
        var pairs = new List<(int, int)>(Math.Min(limit, chosen * rejected));
        for (var sum = 0; sum <= chosen + rejected - 2 && pairs.Count < limit; sum++)
        {
            for (var c = Math.Max(0, sum - rejected + 1); c <= Math.Min(sum, chosen - 1) && pairs.Count < limit; c++)
            {
                pairs.Add((c, sum - c));
            }
        }

        return pairs;
    }

    private static List<Side> Shuffle(List<Side> sides, int seed, long problemId)
    {
        var ordered = sides.OrderBy(s => s.Id).ToArray();
        // A fixed mix of seed and problem (HashCode is randomised per process): the same export twice is the same file.
        var mixed = unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)problemId * 0xBF58476D1CE4E5B9UL));
        new Random(unchecked((int)(mixed ^ (mixed >> 32)))).Shuffle(ordered);
        return [.. ordered];
    }
}
