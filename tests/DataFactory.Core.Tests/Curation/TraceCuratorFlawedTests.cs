using DataFactory.Core.Curation;
using DataFactory.Core.Steps;

namespace DataFactory.Core.Tests.Curation;

public sealed class TraceCuratorFlawedTests
{
    private static readonly StepCheck Clean = new(3, 0, null, "arith-1");

    private static readonly StepCheck Flawed = new(3, 0, new FalseStep(0, "42/10=4", "42/10 is 4.2, not 4", 21), "arith-1");

    private static readonly CandidateForCuration[] Candidates =
    [
        new(0, "Try 7*6=42 (10 8 42), 42/10=4 (8 4), 8*4=32. No.\nFinal answer: x", "x", 10, Flawed),
        new(1, "clean trace", "x", 10, Clean),
        new(2, "Try 7*6=42 (10 8 42), 42/10=4 (8 4), 8*4=32. No.\nFinal answer: x", "x", 10, Flawed),
        new(3, "unchecked trace", "x", 10),
    ];

    [Fact]
    public void Flawed_candidates_are_counted_and_dropped_by_default()
    {
        var result = new TraceCurator(new CurationOptions()).Curate(Candidates);

        Assert.Equal(2, result.Flawed);
        Assert.Equal([1, 3], result.Kept.Select(t => t.CandidateIndex));
        Assert.All(result.Kept, t => Assert.False(t.IsFlawed));
    }

    [Fact]
    public void Keep_flawed_stores_them_marked_and_still_counts_them()
    {
        var result = new TraceCurator(new CurationOptions { KeepFlawed = true }).Curate(Candidates);

        Assert.Equal(2, result.Flawed);
        Assert.Equal(1, result.Duplicates);
        Assert.Equal([0, 1, 3], result.Kept.Select(t => t.CandidateIndex));
        Assert.True(result.Kept[0].IsFlawed);
        Assert.Same(Flawed, result.Kept[0].Steps);
    }
}
