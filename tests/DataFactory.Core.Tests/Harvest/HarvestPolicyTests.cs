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
    }
}
