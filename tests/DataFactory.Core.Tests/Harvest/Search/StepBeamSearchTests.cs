using DataFactory.Core.Harvest;
using DataFactory.Core.Harvest.Search;
using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Partial;

namespace DataFactory.Core.Tests.Harvest.Search;

/// <summary>The beam logic against a scripted generator: each candidate index gets the sample the script says.</summary>
public sealed class StepBeamSearchTests
{
    private static readonly Problem Game = new()
    {
        Id = "g", Prompt = "Use the numbers 3 6 6 13 to make 24.", Kind = TaskKind.Game24, Numbers = [3, 6, 6, 13], Target = 24,
    };

    private static StepBeamSearch Start(int beam, int expand, int budget = 10_000, int rollouts = 0, int maxTrace = 256, Func<string, StepCheck>? holds = null) =>
        HarvestSettings.Search(beam, expand, budget, rollouts).StartSearch(TaskKind.Game24, maxTrace, holds ?? (_ => StepCheck.None), hasStepChecker: true);

    /// <summary>Runs the search to its end; returns every ask in order.</summary>
    private static List<SearchAsk> Drive(StepBeamSearch search, Func<SearchAsk, int, SearchSample> script)
    {
        var asked = new List<SearchAsk>();
        for (var guard = 0; guard < 1000 && !search.Finished; guard++)
        {
            var asks = search.Next();
            Assert.NotEmpty(asks);
            foreach (var ask in asks)
            {
                asked.Add(ask);
                search.Hear(ask, [.. Enumerable.Range(ask.FirstIndex, ask.Count).Select(i => script(ask, i))]);
            }
        }

        Assert.True(search.Finished);
        return asked;
    }

    private static SearchSample Step(int index, string text, int tokens = 10) => new(index, text, tokens, Ended: false, Verified: false);

    [Fact]
    public void Expands_every_partial_trace_of_the_beam_by_b_steps_with_consecutive_candidate_indices()
    {
        var search = Start(beam: 2, expand: 3, budget: 120);

        var asks = Drive(search, (ask, i) => Step(i, $"step {i}"));

        Assert.Equal([1, 2, 2], asks.GroupBy(a => a.Prefix.Count(c => c == '\n')).Select(g => g.Count()));
        Assert.Equal(Enumerable.Range(0, asks.Count).Select(i => i * 3), asks.Select(a => a.FirstIndex));
        Assert.All(asks, a => Assert.Equal((SearchAskKind.Step, 3), (a.Kind, a.Count)));
        // The root's 3 steps, then 2 × 3 per round, 10 tokens each: the round that passes 120 is the last.
        Assert.Equal(150, search.Tokens);
        Assert.True(search.Exhausted);
    }

    [Fact]
    public void Keeps_the_w_best_by_rollout_value_and_ties_go_to_the_earlier_draw()
    {
        // A target of 20 verified candidates keeps the search going past verified rollouts, so their share ranks the beam.
        var search = HarvestSettings.Search(2, 4, budget: 1000, rollouts: 4, targetVerified: 20)
            .StartSearch(TaskKind.Game24, 256, _ => StepCheck.None, hasStepChecker: true);
        var wins = new Dictionary<string, int>(StringComparer.Ordinal) { ["s0\n"] = 1, ["s1\n"] = 3, ["s2\n"] = 1, ["s3\n"] = 0 };
        var step = Assert.Single(search.Next());
        search.Hear(step, [.. Enumerable.Range(0, 4).Select(i => Step(i, "s" + i))]);

        foreach (var ask in search.Next())
        {
            Assert.Equal((SearchAskKind.Rollout, 4), (ask.Kind, ask.Count));
            search.Hear(ask, [.. Enumerable.Range(0, 4).Select(k => new SearchSample(ask.FirstIndex + k, "x", 5, true, Verified: k < wins[ask.Prefix]))]);
        }

        Assert.Equal(["s1\n", "s0\n"], search.Beam);
        Assert.Equal(16, search.Chains);
        Assert.False(search.Finished, "5 verified of a target of 20, 120 tokens of 1000");
    }

    [Fact]
    public void A_round_whose_steps_spend_the_budget_ends_without_rollouts()
    {
        var search = Start(beam: 2, expand: 2, rollouts: 3, budget: 20);

        var asks = Drive(search, (ask, i) => Step(i, "s" + i));

        Assert.Equal([SearchAskKind.Step], asks.Select(a => a.Kind));
        Assert.Equal(0, search.Chains);
        Assert.True(search.Exhausted);
    }

    [Fact]
    public void A_verified_rollout_ends_the_search_as_solved()
    {
        var search = Start(beam: 2, expand: 2, rollouts: 2);

        Drive(search, (ask, i) => ask.Kind == SearchAskKind.Step
            ? Step(i, "s" + i)
            : new SearchSample(i, "Final answer: 1", 5, Ended: true, Verified: ask.Prefix == "s1\n" && i % 2 == 1));

        Assert.False(search.Exhausted);
        Assert.Equal(4, search.Chains);
    }

    [Fact]
    public void A_step_with_a_false_claim_is_pruned_and_the_beam_holds_the_true_ones()
    {
        var checkers = StepCheckerRegistry.CreateDefault();
        var search = Start(beam: 2, expand: 3, budget: 1, holds: text => PartialStepCheck.Check(checkers, Game, text));
        var ask = Assert.Single(search.Next());

        search.Hear(ask,
        [
            Step(0, "Try 13*6=78 (6 3 78), 7+3=10 (68 10), 68-10=58. No."),
            Step(1, "Try 13-6=7 (3 6 7), 7*3=21 (6 21), 21+6=27. No."),
            Step(2, "Try 6+3=9 (6 13 9), 13+9=22 (6 22), 22+6=28. Yes."),
        ]);

        Assert.Equal(2, search.Pruned);
        Assert.Equal(["Try 13-6=7 (3 6 7), 7*3=21 (6 21), 21+6=27. No.\n"], search.Beam);
    }

    [Fact]
    public void A_trace_whose_try_reaches_the_target_goes_before_earlier_draws()
    {
        const string no = "Try 13-6=7 (3 6 7), 7*3=21 (6 21), 21+6=27. No.";
        const string yes = "Try 6+3=9 (13 6 9), 13-9=4 (6 4), 6*4=24. Yes.";
        var checkers = StepCheckerRegistry.CreateDefault();
        var search = Start(beam: 1, expand: 3, budget: 1, holds: text => PartialStepCheck.Check(checkers, Game, text));

        search.Hear(Assert.Single(search.Next()), [Step(0, no), Step(1, no.Replace("21+6=27", "21+6=27 ", StringComparison.Ordinal)), Step(2, yes)]);

        Assert.Equal([yes + "\n"], search.Beam);
    }

    [Fact]
    public void Stops_at_the_first_verified_final_step()
    {
        var search = Start(beam: 3, expand: 2);

        var asks = Drive(search, (ask, i) => i == 7
            ? new SearchSample(i, "Final answer: 6*(13-(6+3))", 9, Ended: true, Verified: true)
            : Step(i, "s" + i));

        Assert.False(search.Exhausted);
        Assert.Equal(1, search.Chains);
        // The root, its 2 steps, then 3 of their 4 (the beam); the round in hand is heard to its end.
        Assert.Equal(6, asks.Count);
    }

    [Fact]
    public void When_nothing_survives_the_same_beam_is_expanded_again_with_new_indices()
    {
        var search = Start(beam: 2, expand: 2, budget: 50);

        var asks = Drive(search, (ask, i) => i < 2 ? Step(i, "s" + i) : new SearchSample(i, "Final answer: 0", 5, Ended: true, Verified: false));

        Assert.Equal(["s0\n", "s1\n", "s0\n", "s1\n"], asks.Skip(1).Select(a => a.Prefix));
        Assert.Equal(asks.Select((a, i) => i * 2), asks.Select(a => a.FirstIndex));
        Assert.True(search.Exhausted);
    }

    [Fact]
    public void Identical_expansions_count_once_and_a_step_past_the_trace_limit_is_dropped()
    {
        var search = Start(beam: 4, expand: 4, budget: 1, maxTrace: 50);
        var ask = Assert.Single(search.Next());

        search.Hear(ask, [Step(0, "same"), Step(1, "same"), Step(2, "long", tokens: 50), Step(3, "other")]);

        Assert.Equal(["same\n", "other\n"], search.Beam);
    }

    [Fact]
    public void A_round_that_generates_nothing_ends_the_search_rather_than_loop()
    {
        var search = Start(beam: 1, expand: 1);

        Drive(search, (ask, i) => new SearchSample(i, string.Empty, 0, Ended: false, Verified: false));

        Assert.True(search.Exhausted);
        Assert.Equal(1, search.Rounds);
    }

    [Fact]
    public void Search_asks_for_no_rounds_and_is_not_started_as_a_round_policy()
    {
        var settings = HarvestSettings.Search(2, 3);

        Assert.Equal(0, Start(2, 3).NextRound());
        Assert.Throws<InvalidOperationException>(() => settings.Start());
        Assert.Equal("search w=2 b=3 K=1 budget 4096 tokens, rollouts 0", settings.Describe());
        Assert.Equal("--beam must be at least 1", HarvestSettings.Search(0, 3).Validate());
    }

    [Fact]
    public void A_kind_without_a_step_checker_is_scored_by_rollouts()
    {
        var search = HarvestSettings.Search(1, 2).StartSearch(TaskKind.Code, 256, _ => StepCheck.None, hasStepChecker: false);
        var step = Assert.Single(search.Next());
        search.Hear(step, [Step(0, "def f():"), Step(1, "import os")]);

        var rollouts = search.Next();

        Assert.Equal([HarvestSettings.DefaultSearchRollouts, HarvestSettings.DefaultSearchRollouts], rollouts.Select(r => r.Count));
    }

    [Fact]
    public void The_same_script_gives_the_same_asks()
    {
        static List<string> Run()
        {
            var search = Start(beam: 3, expand: 3, budget: 300, rollouts: 1);
            return [.. Drive(search, (ask, i) => ask.Kind == SearchAskKind.Step ? Step(i, "s" + (i % 5)) : new SearchSample(i, "x", 3, true, false))
                .Select(a => $"{a.Kind} {a.FirstIndex} {a.Prefix}")];
        }

        Assert.Equal(Run(), Run());
    }
}
