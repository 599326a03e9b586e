using DataFactory.Storage.Export;

namespace DataFactory.Storage.Tests.Preference;

public sealed class PairPicksTests
{
    [Fact]
    public void Pairs_go_best_with_best_first_and_never_repeat()
    {
        Assert.Equal([(0, 0), (0, 1), (1, 0), (0, 2), (1, 1)], PairPicks.Pairs(2, 3, 5));
        Assert.Equal(6, PairPicks.Pairs(2, 3, 100).Distinct().Count());
        Assert.Equal([(0, 0), (0, 1), (0, 2)], PairPicks.Pairs(1, 3, 10));
        Assert.Empty(PairPicks.Pairs(0, 3, 10));
    }

    [Fact]
    public void The_most_common_wrong_answer_comes_first_and_no_answer_last()
    {
        List<Side> sides =
        [
            new(1, 50, null, "no answer"),
            new(2, 40, "7", "seven long"),
            new(3, 90, "9", "nine"),
            new(4, 30, "7", "seven short"),
        ];

        var ordered = PairPicks.OrderRejected(sides, RejectedPick.Common, 0, 1);

        Assert.Equal([4L, 2L, 3L, 1L], ordered.Select(s => s.Id));
    }

    [Fact]
    public void Random_picks_are_the_same_for_the_same_seed_and_differ_between_seeds()
    {
        List<Side> sides = [.. Enumerable.Range(1, 20).Select(i => new Side(i, i, null, $"t{i}"))];

        var once = PairPicks.OrderChosen(sides, ChosenPick.Random, 3, 42).Select(s => s.Id).ToArray();
        var again = PairPicks.OrderChosen(sides, ChosenPick.Random, 3, 42).Select(s => s.Id).ToArray();
        var other = PairPicks.OrderChosen(sides, ChosenPick.Random, 4, 42).Select(s => s.Id).ToArray();

        Assert.Equal(once, again);
        Assert.NotEqual(once, other);
        Assert.Equal(sides.Select(s => s.Id).Order(), once.Order());
    }
}
