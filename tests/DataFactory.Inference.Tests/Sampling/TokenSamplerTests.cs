using DataFactory.Inference.Sampling;

namespace DataFactory.Inference.Tests.Sampling;

public sealed class TokenSamplerTests
{
    // Probabilities 0.5, 0.3, 0.15, 0.05 at temperature 1, scattered over a small vocabulary.
    private static readonly float[] Logits = MakeLogits();

    [Fact]
    public void Greedy_picks_the_largest_logit()
    {
        var sampler = new TokenSampler(Logits.Length);
        var rng = new Xoshiro256(1);

        var token = sampler.Sample(Logits, new SamplingParameters(true, 1, 0, 1, false), ref rng, out _);

        Assert.Equal(7, token);
    }

    [Fact]
    public void Top_k_of_one_is_greedy()
    {
        var drawn = Draw(new SamplingParameters(false, 1, 1, 1, false), 200);

        Assert.Equal([7], drawn.Keys.Order());
    }

    [Fact]
    public void Top_k_keeps_only_the_k_most_likely_tokens()
    {
        var drawn = Draw(new SamplingParameters(false, 1, 2, 1, false), 2000);

        Assert.Equal([2, 7], drawn.Keys.Order());
    }

    [Theory]
    [InlineData(0.79f, new[] { 2, 7 })]
    [InlineData(0.81f, new[] { 2, 5, 7 })]
    [InlineData(0.3f, new[] { 7 })]
    [InlineData(1.0f, new[] { 2, 5, 7, 11 })]
    public void Top_p_keeps_the_smallest_set_reaching_the_mass(float topP, int[] expected)
    {
        var drawn = Draw(new SamplingParameters(false, 1, 0, topP, false), 4000);

        Assert.Equal(expected, drawn.Keys.Order());
    }

    [Fact]
    public void Top_p_after_top_k_renormalises_over_the_k_tokens()
    {
        // Over the top 3 the masses are 0.53, 0.32, 0.16: 0.8 needs the first two only.
        var drawn = Draw(new SamplingParameters(false, 1, 3, 0.8f, false), 4000);

        Assert.Equal([2, 7], drawn.Keys.Order());
    }

    [Fact]
    public void Sampled_frequencies_follow_the_softmax()
    {
        var drawn = Draw(new SamplingParameters(false, 1, 0, 1, false), 20000);

        Assert.InRange(drawn[7] / 20000.0, 0.48, 0.52);
        Assert.InRange(drawn[2] / 20000.0, 0.28, 0.32);
        Assert.InRange(drawn[5] / 20000.0, 0.135, 0.165);
        Assert.InRange(drawn[11] / 20000.0, 0.04, 0.06);
    }

    [Fact]
    public void Low_temperature_sharpens_the_distribution()
    {
        var drawn = Draw(new SamplingParameters(false, 0.05f, 0, 1, false), 2000);

        Assert.True(drawn[7] > 1990);
    }

    [Fact]
    public void Top_p_over_a_flat_vocabulary_keeps_about_that_share()
    {
        var logits = new float[50_000];
        var sampler = new TokenSampler(logits.Length);
        var rng = new Xoshiro256(3);
        var seen = new HashSet<int>();
        for (var i = 0; i < 1500; i++)
        {
            seen.Add(sampler.Sample(logits, new SamplingParameters(false, 1, 0, 0.01f, false), ref rng, out _));
        }

        // 1% of 50,000 equal tokens is 500 tokens; 1,500 draws see most of them and nothing beyond.
        Assert.InRange(seen.Count, 400, 500);
    }

    [Fact]
    public void Log_probability_is_under_the_untempered_model()
    {
        var sampler = new TokenSampler(Logits.Length);
        var rng = new Xoshiro256(1);

        var token = sampler.Sample(Logits, new SamplingParameters(true, 0.5f, 0, 1, true), ref rng, out var logProbability);

        Assert.Equal(7, token);
        Assert.Equal(Math.Log(0.5), logProbability, 4);
    }

    private static Dictionary<int, int> Draw(SamplingParameters parameters, int draws)
    {
        var sampler = new TokenSampler(Logits.Length);
        var counts = new Dictionary<int, int>();
        var rng = new Xoshiro256(99);
        for (var i = 0; i < draws; i++)
        {
            var token = sampler.Sample(Logits, parameters, ref rng, out _);
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }

        return counts;
    }

    private static float[] MakeLogits()
    {
        var logits = Enumerable.Repeat(float.NegativeInfinity, 16).ToArray();
        logits[7] = MathF.Log(0.5f);
        logits[2] = MathF.Log(0.3f);
        logits[5] = MathF.Log(0.15f);
        logits[11] = MathF.Log(0.05f);
        return logits;
    }
}
