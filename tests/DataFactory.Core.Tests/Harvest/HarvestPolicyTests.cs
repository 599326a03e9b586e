using DataFactory.Core.Diversity;
using DataFactory.Core.Harvest;

namespace DataFactory.Core.Tests.Harvest;

public sealed class HarvestPolicyTests
{
    [Fact]
    public void Flat_asks_for_n_candidates_once_whatever_they_give()
    {
        var harvest = HarvestSettings.Flat(16).Start();
        Assert.Equal(16, harvest.NextRound());
        harvest.Record(16, verified: 9, distinct: 9);
        Assert.True(harvest.Finished);
        Assert.Equal(0, harvest.NextRound());
        Assert.False(harvest.Exhausted);
    }

    [Fact]
    public void Flat_with_nothing_verified_is_exhausted()
    {
        var harvest = HarvestSettings.Flat(4).Start();
        harvest.Record(harvest.NextRound(), verified: 0, distinct: 0);
        Assert.True(harvest.Exhausted);
    }

    [Fact]
    public void Adaptive_stops_after_the_first_round_once_it_has_k_distinct_traces()
    {
        var harvest = HarvestSettings.Adaptive(targetVerified: 4, budget: 64).Start();
        Assert.Equal(8, harvest.NextRound());
        harvest.Record(8, verified: 6, distinct: 4);
        Assert.True(harvest.Finished);
        Assert.Equal(0, harvest.NextRound());
        Assert.Equal(8, harvest.Drawn);
        Assert.False(harvest.Exhausted);
    }

    [Fact]
    public void Adaptive_escalates_in_doubling_rounds_cut_to_the_budget_and_records_exhaustion()
    {
        var harvest = HarvestSettings.Adaptive(targetVerified: 4, budget: 64).Start();
        var rounds = new List<int>();
        while (harvest.NextRound() is var n and > 0)
        {
            rounds.Add(n);
            harvest.Record(n, verified: 0, distinct: 0);
        }

        Assert.Equal([8, 16, 32, 8], rounds);
        Assert.Equal(64, harvest.Drawn);
        Assert.True(harvest.Exhausted);
    }

    [Fact]
    public void Adaptive_that_reaches_the_budget_with_some_verified_traces_is_not_exhausted()
    {
        var harvest = HarvestSettings.Adaptive(targetVerified: 4, budget: 24).Start();
        harvest.Record(harvest.NextRound(), verified: 1, distinct: 1);
        Assert.Equal(16, harvest.NextRound());
        harvest.Record(16, verified: 2, distinct: 2);
        Assert.True(harvest.Finished);
        Assert.False(harvest.Exhausted);
    }

    [Fact]
    public void Near_duplicates_do_not_stop_a_problem_short_of_k_distinct()
    {
        var harvest = HarvestSettings.Adaptive(targetVerified: 2, budget: 64).Start();
        harvest.Record(harvest.NextRound(), verified: 8, distinct: 1);
        Assert.False(harvest.Finished);
        Assert.Equal(16, harvest.NextRound());
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(4, 0)]
    public void Adaptive_settings_out_of_range_name_their_flag(int target, int budget) =>
        Assert.Contains("--", HarvestSettings.Adaptive(target, budget).Validate(), StringComparison.Ordinal);

    [Fact]
    public void Settings_describe_themselves_for_status()
    {
        Assert.Equal("best-of-n n=16", HarvestSettings.Flat(16).Describe());
        Assert.Equal("adaptive K=4 B=64 rounds 8, doubling", HarvestSettings.Adaptive(4, 64).Describe());
        Assert.Equal("adaptive K=4 B=64 rounds 8, doubling, stops when saturated", HarvestSettings.Adaptive(4, 64, saturation: true).Describe());
    }

    [Fact]
    public void Saturation_stops_a_problem_whose_verified_candidates_all_took_one_path()
    {
        // Seven of eight verified, one path: no path seen once, so the next round is expected to find none.
        var saturating = HarvestSettings.Adaptive(targetVerified: 4, budget: 64, saturation: true).Start();
        saturating.Record(saturating.NextRound(), verified: 7, distinct: 1, new PathSample(Chains: 7, Singletons: 0));
        Assert.True(saturating.Finished);
        Assert.True(saturating.Saturated);
        Assert.False(saturating.Exhausted);
        Assert.Equal(0, saturating.NextRound());

        var plain = HarvestSettings.Adaptive(targetVerified: 4, budget: 64).Start();
        plain.Record(plain.NextRound(), verified: 7, distinct: 1, new PathSample(Chains: 7, Singletons: 0));
        Assert.False(plain.Finished);
        Assert.False(plain.Saturated);
        Assert.Equal(16, plain.NextRound());
    }

    [Fact]
    public void Saturation_needs_as_many_verified_chains_as_the_target()
    {
        var harvest = HarvestSettings.Adaptive(targetVerified: 4, budget: 64, saturation: true).Start();
        harvest.Record(harvest.NextRound(), verified: 3, distinct: 1, new PathSample(Chains: 3, Singletons: 0));
        Assert.False(harvest.Saturated);
        Assert.Equal(16, harvest.NextRound());
    }

    [Theory]
    // Paths seen once over candidates drawn, times the next round: 2/8·16 = 4 new paths expected, go on.
    [InlineData(8, 2, false)]
    // 1/24·32 = 1.33: go on.
    [InlineData(24, 1, false)]
    // 1/56·8 = 0.14: stop.
    [InlineData(56, 1, true)]
    public void Saturation_follows_the_good_turing_estimate_of_new_paths_from_the_next_round(int drawn, int singletons, bool saturated)
    {
        var harvest = HarvestSettings.Adaptive(targetVerified: 4, budget: 64, saturation: true).Start();
        while (harvest.Drawn + harvest.NextRound() < drawn)
        {
            harvest.Record(harvest.NextRound(), verified: 0, distinct: 0);
        }

        harvest.Record(harvest.NextRound(), verified: 5, distinct: 3, new PathSample(Chains: 5, Singletons: singletons));
        Assert.Equal(drawn, harvest.Drawn);
        Assert.Equal(saturated, harvest.Saturated);
        Assert.Equal(saturated, harvest.Finished);
    }

    [Fact]
    public void A_problem_that_reaches_k_distinct_or_its_budget_is_not_saturated()
    {
        var reached = HarvestSettings.Adaptive(targetVerified: 2, budget: 64, saturation: true).Start();
        reached.Record(reached.NextRound(), verified: 6, distinct: 2, new PathSample(Chains: 6, Singletons: 0));
        Assert.True(reached.Finished);
        Assert.False(reached.Saturated);

        var spent = HarvestSettings.Adaptive(targetVerified: 4, budget: 8, saturation: true).Start();
        spent.Record(spent.NextRound(), verified: 8, distinct: 1, new PathSample(Chains: 8, Singletons: 0));
        Assert.True(spent.Finished);
        Assert.False(spent.Saturated);
    }

    [Theory]
    // Inside the first round (8) after 5 finished: one path seen once, 3 left and 16 next: 19/5 = 3.8, go on.
    [InlineData(8, 5, 1, false)]
    // No path seen once: nothing new expected, stop now.
    [InlineData(8, 5, 0, true)]
    // Inside the third round (32, after 24 drawn): 20 finished, 12 left and the last 8: 20 · 1/44 = 0.45, stop.
    [InlineData(32, 20, 1, true)]
    // The same after 4 finished: 36 · 1/28 = 1.29, go on.
    [InlineData(32, 4, 1, false)]
    public void Saturation_inside_a_round_weighs_the_rest_of_the_round_and_the_next(int round, int heard, int singletons, bool stops)
    {
        var harvest = HarvestSettings.Adaptive(targetVerified: 4, budget: 64, saturation: true).Start();
        while (harvest.NextRound() != round)
        {
            harvest.Record(harvest.NextRound(), verified: 0, distinct: 0);
        }

        Assert.Equal(stops, harvest.StopsInRound(round, heard, distinct: 2, () => new PathSample(Chains: 5, Singletons: singletons)));
        if (stops)
        {
            // Stopped inside the round: saturated, whatever the end-of-round check on the next round would say.
            harvest.Record(round, verified: 5, distinct: 2, new PathSample(Chains: 5, Singletons: 3));
            Assert.True(harvest.Saturated);
            Assert.True(harvest.Finished);
        }
    }

    [Fact]
    public void Inside_a_round_the_adaptive_policy_stops_at_k_distinct_and_saturates_only_when_asked_to()
    {
        var plain = HarvestSettings.Adaptive(targetVerified: 4, budget: 64).Start();
        Assert.False(plain.StopsInRound(8, 6, distinct: 1, () => throw new InvalidOperationException("no sample without the saturation stop")));
        Assert.True(plain.StopsInRound(8, 7, distinct: 4, () => throw new InvalidOperationException("no sample at K")));

        // Fewer verified chains than K: too small a sample to judge.
        var saturating = HarvestSettings.Adaptive(targetVerified: 4, budget: 64, saturation: true).Start();
        Assert.False(saturating.StopsInRound(8, 6, distinct: 1, () => new PathSample(Chains: 3, Singletons: 0)));

        // Candidates finished in the step of a saturation stop that reach K distinct: finished, not saturated.
        Assert.True(saturating.StopsInRound(8, 7, distinct: 1, () => new PathSample(Chains: 4, Singletons: 0)));
        saturating.Record(8, verified: 8, distinct: 4, new PathSample(Chains: 8, Singletons: 2));
        Assert.True(saturating.Finished);
        Assert.False(saturating.Saturated);

        Assert.False(HarvestSettings.Flat(8).Start().StopsInRound(8, 8, distinct: 8, () => new PathSample(8, 0)));
    }

    [Fact]
    public void Saturation_belongs_to_the_adaptive_policy() =>
        Assert.Contains("--saturation", (HarvestSettings.Flat(8) with { Saturation = true }).Validate(), StringComparison.Ordinal);

    [Fact]
    public void A_path_sample_counts_every_chain_and_the_paths_taken_once()
    {
        const string Path1 = "Shift each letter back by 3.\nK -> H\nH -> E\nO -> L\nO -> L\nR -> O\nThe answer is HELLO.";
        const string Path2 = "Count back three places in the alphabet for every letter of KHOOR.\nThat spells HELLO.\nThe answer is HELLO.";
        var chains = new[] { Path1, Path1, Path2, Path1.Replace("  ", " ", StringComparison.Ordinal) + " " }.Select(ChainSignature.Of);
        var sample = PathSample.Of(chains);
        Assert.Equal(4, sample.Chains);
        Assert.Equal(1, sample.Singletons);
        Assert.Equal(2.0, sample.ExpectedNewPaths(drawn: 8, candidates: 16));
        Assert.Equal(new PathSample(0, 0), PathSample.Of([]));
    }
}
