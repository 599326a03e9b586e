using DataFactory.Inference.Sampling;

namespace DataFactory.Inference.Tests.Sampling;

public sealed class VectorExpTests
{
    [Fact]
    public void Weights_match_math_exp_and_sum_per_block()
    {
        var random = new Random(5);
        var logits = Enumerable.Range(0, 5003).Select(_ => (float)((random.NextDouble() * 40) - 30)).ToArray();
        logits[17] = float.NegativeInfinity;
        var weights = new float[logits.Length];
        var blocks = new double[(logits.Length + 1023) / 1024];
        var max = logits.Max();

        var total = VectorExp.Weights(logits, max, 1.25f, weights, blocks, 1024);

        for (var i = 0; i < logits.Length; i++)
        {
            var expected = Math.Exp((logits[i] - max) * 1.25);
            Assert.True(Math.Abs(weights[i] - expected) <= 2e-6 * expected + 1e-37, $"exp at {i}: {weights[i]} vs {expected}");
        }

        Assert.Equal(0f, weights[17]);
        Assert.Equal(weights.Sum(w => (double)w), total, 3);
        Assert.Equal(weights.Take(1024).Sum(w => (double)w), blocks[0], 3);
    }
}
