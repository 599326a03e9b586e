using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;

namespace DataFactory.Inference.Tests.Generation;

public sealed class SampledDecodingTests
{
    private static readonly SamplingOptions Sampled = new() { Samples = 4, Temperature = 1.0f, TopP = 0.95f, MaxNewTokens = 8, Seed = 42 };

    private static readonly TokenPrompt[] Prompts =
    [
        new("alpha", [1, 15043, 3186, 29892, 445, 338]),
        new("beta", [1, 306]),
    ];

    [Fact]
    public void The_same_seed_reproduces_every_candidate()
    {
        using var harness = new DecoderHarness(RepoPaths.LlamaFp16);

        var first = harness.Decode(Prompts, Sampled);
        var second = harness.Decode(Prompts, Sampled);

        for (var p = 0; p < Prompts.Length; p++)
        {
            for (var c = 0; c < Sampled.Samples; c++)
            {
                Assert.Equal(first[p][c].TokenIds, second[p][c].TokenIds);
            }
        }
    }

    [Fact]
    public void Different_candidate_indices_and_seeds_give_different_candidates()
    {
        using var harness = new DecoderHarness(RepoPaths.LlamaFp16);

        var run = harness.Decode(Prompts, Sampled);
        var reseeded = harness.Decode(Prompts, Sampled with { Seed = 43 });

        var alpha = run[0].Select(c => string.Join(',', c.TokenIds)).ToArray();
        Assert.Equal(alpha.Length, alpha.Distinct().Count());
        Assert.NotEqual(run[0][0].TokenIds, reseeded[0][0].TokenIds);
    }

    [Fact]
    public void A_candidate_does_not_depend_on_which_rows_share_its_batch()
    {
        using var wide = new DecoderHarness(RepoPaths.LlamaFp16, maxBatchRows: 64);
        using var narrow = new DecoderHarness(RepoPaths.LlamaFp16, maxBatchRows: 3);

        var together = wide.Decode(Prompts, Sampled);
        var split = narrow.Decode(Prompts, Sampled);
        var betaAlone = wide.Decode([Prompts[1]], Sampled);

        for (var c = 0; c < Sampled.Samples; c++)
        {
            Assert.Equal(together[0][c].TokenIds, split[0][c].TokenIds);
            Assert.Equal(together[1][c].TokenIds, split[1][c].TokenIds);
            Assert.Equal(together[1][c].TokenIds, betaAlone[0][c].TokenIds);
        }
    }

    [Fact]
    public void Rows_that_finish_leave_the_batch_without_changing_the_others()
    {
        using var harness = new DecoderHarness(RepoPaths.LlamaFp16);
        var full = harness.Decode(Prompts, Sampled);
        var stepsBefore = harness.Stats.DecodeSteps;
        var rowStepsBefore = harness.Stats.RowSteps;

        // Rows stop after 1, 2, 3, ... tokens in creation order, so the batch shrinks at different steps.
        var created = 0;
        var cut = harness.Decode(Prompts, Sampled, stops: () => new StopAfter(1 + created++));

        var row = 0;
        for (var p = 0; p < Prompts.Length; p++)
        {
            for (var c = 0; c < Sampled.Samples; c++, row++)
            {
                var expected = full[p][c].TokenIds.Take(Math.Min(1 + row, Sampled.MaxNewTokens));
                Assert.Equal(expected, cut[p][c].TokenIds);
                Assert.Equal(row + 1 <= Sampled.MaxNewTokens ? FinishReason.Stop : FinishReason.Length, cut[p][c].Reason);
            }
        }

        var steps = harness.Stats.DecodeSteps - stepsBefore;
        var rowSteps = harness.Stats.RowSteps - rowStepsBefore;
        Assert.True(rowSteps < steps * Prompts.Length * Sampled.Samples, $"{rowSteps} row-steps over {steps} steps");
    }

    [Fact]
    public void Log_probabilities_are_kept_per_token_and_summed_per_candidate()
    {
        using var harness = new DecoderHarness(RepoPaths.LlamaFp16, logProbs: true);

        var result = harness.Decode(Prompts, Sampled);

        Assert.All(result.SelectMany(p => p), c =>
        {
            Assert.True(c.LogProbSum < 0);
            Assert.Equal(c.TokenIds.Count, c.TokenLogProbs!.Count);
            Assert.All(c.TokenLogProbs, v => Assert.True(v <= 0));
            Assert.Equal(c.LogProbSum!.Value, c.TokenLogProbs.Sum(v => (double)v), 3);
        });
    }

    [Fact]
    public void Without_log_probabilities_no_per_token_values_are_kept()
    {
        using var harness = new DecoderHarness(RepoPaths.LlamaFp16);

        var result = harness.Decode(Prompts, Sampled);

        Assert.All(result.SelectMany(p => p), c => Assert.Null(c.TokenLogProbs));
    }

    private sealed class StopAfter(int tokens) : IStopDetector
    {
        private int _seen;

        public bool Accept(int token) => ++_seen >= tokens;
    }
}
