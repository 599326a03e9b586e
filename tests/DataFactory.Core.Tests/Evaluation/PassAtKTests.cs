using DataFactory.Core.Evaluation;

namespace DataFactory.Core.Tests.Evaluation;

public sealed class PassAtKTests
{
    [Theory]
    [InlineData(16, 0, 1, 0.0)]
    [InlineData(16, 16, 1, 1.0)]
    [InlineData(16, 4, 1, 0.25)]
    [InlineData(2, 1, 1, 0.5)]
    [InlineData(10, 3, 5, 1 - (21.0 / 252))] // 1 - C(7,5)/C(10,5)
    [InlineData(4, 1, 4, 1.0)]
    [InlineData(4, 0, 4, 0.0)]
    [InlineData(200, 1, 100, 0.5)]
    public void Estimate_is_one_minus_the_chance_that_k_draws_miss_every_correct_sample(int n, int c, int k, double expected) =>
        Assert.Equal(expected, PassAtK.Estimate(n, c, k), 12);

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(4, 5, 1)]
    [InlineData(4, -1, 1)]
    [InlineData(4, 1, 0)]
    [InlineData(4, 1, 5)]
    public void Estimate_refuses_counts_that_cannot_be(int n, int c, int k) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PassAtK.Estimate(n, c, k));

    [Fact]
    public void A_score_sheet_averages_per_problem_figures_within_each_kind_and_keeps_kinds_apart()
    {
        var sheet = new ScoreSheet(4);
        sheet.Add("math", 4, greedyCorrect: true);
        sheet.Add("math", 0, greedyCorrect: false);
        sheet.Add("game24", 1, greedyCorrect: false);

        var scores = sheet.Scores();

        Assert.Equal(["math", "game24"], scores.Select(s => s.Kind));
        var math = scores[0];
        Assert.Equal(2, math.Problems);
        Assert.Equal(0.5, math.PassAt1, 12);
        Assert.Equal(0.5, math.PassAtK, 12);
        Assert.Equal(0.5, math.Greedy, 12);
        var game = scores[1];
        Assert.Equal(0.25, game.PassAt1, 12);
        Assert.Equal(1.0, game.PassAtK, 12);
        Assert.Equal(0.0, game.Greedy, 12);
        Assert.Equal((0.5 + 0.25) / 2, sheet.MeanPassAt1(), 12);
    }
}
