using DataFactory.Core.Diversity;

namespace DataFactory.Core.Tests.Diversity;

public sealed class DistinctChainsTests
{
    private const string Chain = """
        Step 1: 25 * 4 = 100
        Step 2: 100 - 6 = 94
        Step 3: 94 + 3 = 97
        Answer: 97
        """;

    [Fact]
    public void The_same_steps_in_another_order_are_one_path()
    {
        const string reordered = """
            Step 2: 100 - 6 = 94
            Step 1: 25 * 4 = 100
            Answer: 97
            Step 3: 94 + 3 = 97
            """;
        Assert.Equal(1.0, ChainSignature.Of(Chain).Similarity(ChainSignature.Of(reordered)));
        Assert.Equal(1, DistinctChains.Count([ChainSignature.Of(Chain), ChainSignature.Of(reordered)]));
    }

    [Fact]
    public void Other_spacing_and_case_are_one_path()
    {
        var spaced = "step 1:   25*4 = 100\n\n STEP 2: 100-6=94\nStep 3: 94 +  3 = 97\nanswer: 97";
        Assert.Equal(1.0, ChainSignature.Of(Chain).Similarity(ChainSignature.Of(spaced)));
    }

    [Fact]
    public void A_chain_with_other_steps_is_another_path()
    {
        const string other = """
            Step 1: 3 + 6 = 9
            Step 2: 9 * 4 = 36
            Step 3: 36 + 25 = 61
            Answer: 61
            """;
        Assert.True(ChainSignature.Of(Chain).Similarity(ChainSignature.Of(other)) < DistinctChains.Threshold);
        Assert.Equal(2, DistinctChains.Count([ChainSignature.Of(Chain), ChainSignature.Of(other)]));
    }

    [Fact]
    public void One_changed_word_in_a_long_chain_stays_a_near_duplicate()
    {
        var steps = Enumerable.Range(1, 12).Select(i => $"We add {i} to the running total and get {i * (i + 1) / 2} so far.").ToList();
        var reworded = steps.ToList();
        reworded[5] = reworded[5].Replace("running", "current", StringComparison.Ordinal);
        var similarity = ChainSignature.Of(string.Join('\n', steps)).Similarity(ChainSignature.Of(string.Join('\n', reworded)));
        Assert.InRange(similarity, DistinctChains.Threshold, 1.0);
    }

    [Fact]
    public void Signatures_do_not_depend_on_the_process_hash_seed() =>
        // Pinned: string.GetHashCode is seeded per process, so a signature built on it would not give this figure run after run.
        Assert.Equal(PinnedSimilarity, ChainSignature.Of(Chain).Similarity(ChainSignature.Of(Chain + "\nCheck: 97 = 97")));

    private const double PinnedSimilarity = 0.84375;

    [Fact]
    public void A_quota_keeps_the_first_chain_of_each_path_up_to_the_quota()
    {
        const string other = "Step 1: 97 - 3 = 94\nStep 2: 94 + 6 = 100\nStep 3: 100 / 4 = 25\nAnswer: 25";
        const string third = "We multiply 25 by 4 and get 100, then subtract 3 to reach 97.\nAnswer: 97";
        ChainSignature[] chains = [ChainSignature.Of(Chain), ChainSignature.Of(Chain.ToUpperInvariant()), ChainSignature.Of(other), ChainSignature.Of(third)];

        Assert.Equal([0, 2, 3], DistinctChains.FirstOfEachPath(chains, quota: 5));
        Assert.Equal([0, 2], DistinctChains.FirstOfEachPath(chains, quota: 2));
    }

    [Fact]
    public void Path_sizes_count_the_chains_on_each_path_in_the_order_paths_first_appear()
    {
        const string other = "Step 1: 97 - 3 = 94\nStep 2: 94 + 6 = 100\nStep 3: 100 / 4 = 25\nAnswer: 25";
        ChainSignature[] chains = [ChainSignature.Of(other), ChainSignature.Of(Chain), ChainSignature.Of(Chain.ToUpperInvariant()), ChainSignature.Of(Chain + "  ")];

        Assert.Equal([1, 3], DistinctChains.PathSizes(chains));
        Assert.Equal(DistinctChains.Count(chains), DistinctChains.PathSizes(chains).Count);
        Assert.Empty(DistinctChains.PathSizes([]));
    }
}
