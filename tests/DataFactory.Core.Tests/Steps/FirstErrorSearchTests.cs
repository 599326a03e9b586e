using DataFactory.Core.Steps.Labelling;

namespace DataFactory.Core.Tests.Steps;

public sealed class FirstErrorSearchTests
{
    /// <summary>Runs a search to its end against scripted successes per prefix (of <paramref name="rollouts"/> rollouts each).</summary>
    private static (IReadOnlyList<StepLabel> Labels, List<int> Visited, int Spent) Run(
        int steps, bool verified, LabelSearch search, Func<int, int> successes, int rollouts = 4)
    {
        var labelling = new FirstErrorSearch(steps, verified, search);
        var visited = new List<int>();
        while (!labelling.Finished)
        {
            var next = labelling.Next();
            Assert.NotEmpty(next);
            foreach (var prefix in next)
            {
                visited.Add(prefix);
                labelling.Record(prefix, successes(prefix), rollouts);
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
    public void Bisection_finds_the_first_error_of_a_monotone_candidate_with_log_many_prefixes(int firstFalse)
    {
        // Ten steps; prefixes before the error reach a verified answer in 3 of 4 rollouts, from it on none does.
        var (labels, visited, spent) = Run(10, verified: false, LabelSearch.Bisect, k => k < firstFalse ? 3 : 0);

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
        // False, true, true, true, then the wrong verdict: the first error is step 0; bisection, assuming monotone
        // values, never looks at step 0 once step 1 is true, and puts it at the last step.
        var exhaustive = Run(5, verified: false, LabelSearch.Exhaustive, k => k == 0 ? 0 : 1);
        var bisect = Run(5, verified: false, LabelSearch.Bisect, k => k == 0 ? 0 : 1);

        Assert.Equal(0, FirstError(exhaustive.Labels));
        Assert.Equal(4, FirstError(bisect.Labels));
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
        var exhaustive = Run(6, verified: false, LabelSearch.Exhaustive, _ => 0);

        Assert.Equal(0, FirstError(bisect.Labels));
        Assert.Equal(0, FirstError(exhaustive.Labels));
        Assert.Equal([2, 0], bisect.Visited);
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
        var labelling = new FirstErrorSearch(8, verified: false, LabelSearch.Bisect);
        var asked = Assert.Single(labelling.Next());

        Assert.Throws<ArgumentException>(() => labelling.Record(asked + 1, 0, 4));
        Assert.Throws<InvalidOperationException>(() => labelling.Labels());
        Assert.Equal([asked], labelling.Next());
    }

    [Fact]
    public void On_monotone_values_bisection_and_exhaustive_search_agree_on_every_position_and_length()
    {
        for (var steps = 1; steps <= 24; steps++)
        {
            for (var error = 0; error < steps; error++)
            {
                var e = error;
                var bisect = Run(steps, false, LabelSearch.Bisect, k => k < e ? 1 : 0);
                var exhaustive = Run(steps, false, LabelSearch.Exhaustive, k => k < e ? 1 : 0);

                Assert.Equal(FirstError(exhaustive.Labels), FirstError(bisect.Labels));
                Assert.True(bisect.Visited.Count <= (int)Math.Ceiling(Math.Log2(steps)), $"{steps} steps, error at {error}: {bisect.Visited.Count} prefixes");
            }
        }
    }
}
