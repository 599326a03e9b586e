using DataFactory.Core.Steps.Labelling;

namespace DataFactory.Core.Tests.Steps;

public sealed class FirstErrorSearchTests
{
    /// <summary>
    /// Runs a search to its end against scripted successes per prefix, out of <paramref name="rollouts"/>: rollouts
    /// 0..s−1 of a prefix with s successes verify. Visited lists each prefix once, in the order first asked.
    /// </summary>
    private static (IReadOnlyList<StepLabel> Labels, List<int> Visited, int Spent) Run(
        int steps, bool verified, LabelSearch search, Func<int, int> successes, int rollouts = 4)
    {
        var labelling = new FirstErrorSearch(steps, verified, search, rollouts);
        var visited = new List<int>();
        while (!labelling.Finished)
        {
            var next = labelling.Next();
            Assert.NotEmpty(next);
            foreach (var ask in next)
            {
                if (!visited.Contains(ask.Prefix))
                {
                    visited.Add(ask.Prefix);
                }

                var s = successes(ask.Prefix);
                labelling.Record(ask.Prefix, Math.Clamp(s - ask.First, 0, ask.Count), ask.Count);
            }
        }

        return (labelling.Labels(), visited, labelling.RolloutsSpent);
    }

    private static int? FirstError(IReadOnlyList<StepLabel> labels) => labels.FirstOrDefault(l => l.FirstError)?.Index;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(9)]
    public void Midpoint_bisection_finds_the_first_error_of_a_monotone_candidate_with_log_many_prefixes(int firstFalse)
    {
        // Ten steps; prefixes before the error reach a verified answer in 3 of 4 rollouts, from it on none does.
        var (labels, visited, spent) = Run(10, verified: false, LabelSearch.Midpoint, k => k < firstFalse ? 3 : 0);

        Assert.Equal(firstFalse, FirstError(labels));
        Assert.True(visited.Count <= 4, $"visited {string.Join(",", visited)}");
        Assert.Equal(visited.Count * 4, spent);
        Assert.Equal(Enumerable.Range(0, 10).Select(k => k < firstFalse), labels.Select(l => l.Hard));
        Assert.All(labels.Where(l => !visited.Contains(l.Index) && l.Index < 9), l => Assert.Equal(LabelSource.Inferred, l.Source));
        Assert.All(labels.Where(l => visited.Contains(l.Index)), l => Assert.Equal(LabelSource.Rollouts, l.Source));
        Assert.Equal(LabelSource.Verdict, labels[^1].Source);
    }

    [Fact]
    public void Exhaustive_search_rolls_out_every_prefix_but_the_last_and_keeps_soft_labels()
    {
        var (labels, visited, spent) = Run(5, verified: false, LabelSearch.Exhaustive, k => 4 - k);

        Assert.Equal([0, 1, 2, 3], visited.Order());
        Assert.Equal(16, spent);
        Assert.Equal([1.0, 0.75, 0.5, 0.25, 0.0], labels.Select(l => l.Soft));
        Assert.Equal(4, FirstError(labels));
    }

    [Fact]
    public void Exhaustive_search_reports_the_first_true_to_false_turn_even_when_values_are_not_monotone()
    {
        // False, true, true, true, then the wrong verdict: the first error is step 0; midpoint bisection, assuming
        // monotone values, never looks at step 0 once step 1 is true, and puts it at the last step. Bisection
        // brackets from the start and finds it.
        var exhaustive = Run(5, verified: false, LabelSearch.Exhaustive, k => k == 0 ? 0 : 1);
        var midpoint = Run(5, verified: false, LabelSearch.Midpoint, k => k == 0 ? 0 : 1);
        var bisect = Run(5, verified: false, LabelSearch.Bisect, k => k == 0 ? 0 : 1);

        Assert.Equal(0, FirstError(exhaustive.Labels));
        Assert.Equal(4, FirstError(midpoint.Labels));
        Assert.Equal(0, FirstError(bisect.Labels));
        Assert.Equal([0], bisect.Visited);
        Assert.Equal([false, true, true, true, false], exhaustive.Labels.Select(l => l.Hard));
        Assert.Single(exhaustive.Labels, l => l.FirstError);
    }

    [Fact]
    public void Bisection_spends_nothing_on_a_verified_candidate_and_labels_it_true()
    {
        var (labels, visited, spent) = Run(6, verified: true, LabelSearch.Bisect, _ => throw new InvalidOperationException("no rollout expected"));

        Assert.Empty(visited);
        Assert.Equal(0, spent);
        Assert.All(labels, l => Assert.True(l.Hard));
        Assert.Null(FirstError(labels));
        Assert.Equal(LabelSource.Verdict, labels[^1].Source);
    }

    [Fact]
    public void A_candidate_whose_prefixes_never_verify_has_its_first_error_at_step_0_under_both_searches()
    {
        var bisect = Run(6, verified: false, LabelSearch.Bisect, _ => 0);
        var midpoint = Run(6, verified: false, LabelSearch.Midpoint, _ => 0);
        var exhaustive = Run(6, verified: false, LabelSearch.Exhaustive, _ => 0);

        Assert.Equal(0, FirstError(bisect.Labels));
        Assert.Equal(0, FirstError(midpoint.Labels));
        Assert.Equal(0, FirstError(exhaustive.Labels));
        Assert.Equal([0], bisect.Visited);
        Assert.Equal([2, 0], midpoint.Visited);
        Assert.All(bisect.Labels, l => Assert.False(l.Hard));
    }

    [Fact]
    public void A_one_step_candidate_is_labelled_by_its_verdict_alone()
    {
        var wrong = Run(1, verified: false, LabelSearch.Exhaustive, _ => 0);
        var right = Run(1, verified: true, LabelSearch.Bisect, _ => 0);

        Assert.Empty(wrong.Visited);
        Assert.Equal(0, FirstError(wrong.Labels));
        Assert.True(Assert.Single(right.Labels).Hard);
    }

    [Fact]
    public void Refuses_a_prefix_it_did_not_ask_for_and_labels_before_the_end()
    {
        var labelling = new FirstErrorSearch(8, verified: false, LabelSearch.Bisect, 4);
        var asked = Assert.Single(labelling.Next());

        Assert.Throws<ArgumentException>(() => labelling.Record(asked.Prefix + 1, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => labelling.Record(asked.Prefix, 0, asked.Count + 1));
        Assert.Throws<InvalidOperationException>(() => labelling.Labels());
        Assert.Equal([asked], labelling.Next());
    }

    [Fact]
    public void On_monotone_values_both_bisections_and_exhaustive_search_agree_on_every_position_and_length()
    {
        for (var steps = 1; steps <= 24; steps++)
        {
            for (var error = 0; error < steps; error++)
            {
                var e = error;
                var bisect = Run(steps, false, LabelSearch.Bisect, k => k < e ? 1 : 0);
                var midpoint = Run(steps, false, LabelSearch.Midpoint, k => k < e ? 1 : 0);
                var exhaustive = Run(steps, false, LabelSearch.Exhaustive, k => k < e ? 1 : 0);

                Assert.Equal(FirstError(exhaustive.Labels), FirstError(bisect.Labels));
                Assert.Equal(FirstError(exhaustive.Labels), FirstError(midpoint.Labels));
                Assert.True(midpoint.Visited.Count <= (int)Math.Ceiling(Math.Log2(steps)), $"{steps} steps, error at {error}: {midpoint.Visited.Count} prefixes");

                // The bracket from the start costs at most two probes per doubling up to the error, then its bisection.
                var bound = (2 * (int)Math.Ceiling(Math.Log2(error + 2))) + 1;
                Assert.True(bisect.Visited.Count <= bound, $"{steps} steps, error at {error}: {bisect.Visited.Count} prefixes, bound {bound}");
            }
        }
    }

    [Fact]
    public void Bisection_brackets_from_the_start_with_a_doubling_stride_then_bisects_the_bracket()
    {
        var (labels, visited, _) = Run(32, verified: false, LabelSearch.Bisect, k => k < 20 ? 4 : 0);

        Assert.Equal([0, 2, 6, 14, 30, 22, 18, 20, 19], visited);
        Assert.Equal(20, FirstError(labels));
    }

    [Fact]
    public void A_bisection_probe_stops_drawing_at_the_first_chunk_with_a_verified_rollout()
    {
        // m = 8 in chunks of 2; prefix 0 verifies only in rollout 5 (the third chunk), prefix 1 in none.
        var labelling = new FirstErrorSearch(3, verified: false, LabelSearch.Bisect, 8);
        var asks = new List<RolloutAsk>();
        while (!labelling.Finished)
        {
            var ask = Assert.Single(labelling.Next());
            asks.Add(ask);
            var verifiedIndex = ask.Prefix == 0 ? 5 : -1;
            labelling.Record(ask.Prefix, verifiedIndex >= ask.First && verifiedIndex < ask.First + ask.Count ? 1 : 0, ask.Count);
        }

        Assert.Equal([new(0, 0, 2), new(0, 2, 2), new(0, 4, 2), new(1, 0, 2), new(1, 2, 2), new(1, 4, 2), new(1, 6, 2)], asks);
        Assert.Equal(14, labelling.RolloutsSpent);
        var labels = labelling.Labels();
        Assert.Equal((6, 1, 1.0 / 6), (labels[0].Rollouts, labels[0].Successes, labels[0].Soft));
        Assert.Equal((8, 0, false, true), (labels[1].Rollouts, labels[1].Successes, labels[1].Hard, labels[1].FirstError));
    }

    [Fact]
    public void Exhaustive_and_midpoint_searches_draw_all_rollouts_of_a_prefix_at_once()
    {
        var exhaustive = new FirstErrorSearch(4, verified: false, LabelSearch.Exhaustive, 8);
        var midpoint = new FirstErrorSearch(4, verified: false, LabelSearch.Midpoint, 8);

        Assert.Equal([new(0, 0, 8), new(1, 0, 8), new(2, 0, 8)], exhaustive.Next());
        Assert.Equal([new RolloutAsk(1, 0, 8)], midpoint.Next());
    }
}
