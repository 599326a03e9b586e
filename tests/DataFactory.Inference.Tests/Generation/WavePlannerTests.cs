using DataFactory.Inference.Generation;

namespace DataFactory.Inference.Tests.Generation;

public sealed class WavePlannerTests
{
    [Fact]
    public void Packs_whole_problems_into_waves_up_to_the_row_limit()
    {
        var waves = WavePlanner.Plan(problems: 5, samples: 16, maxRows: 64);

        Assert.Equal(2, waves.Count);
        Assert.Equal([0, 1, 2, 3], waves[0].Select(i => i.Problem));
        Assert.Equal([4], waves[1].Select(i => i.Problem));
        Assert.All(waves.SelectMany(w => w), item => Assert.Equal(16, item.Count));
    }

    [Fact]
    public void Splits_a_problem_with_more_candidates_than_rows()
    {
        var waves = WavePlanner.Plan(problems: 1, samples: 10, maxRows: 4);

        Assert.Equal([(0, 4), (4, 4), (8, 2)], waves.Select(w => (w[0].FirstCandidate, w[0].Count)));
    }
}
