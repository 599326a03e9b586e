using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;

namespace DataFactory.Inference.Tests.Generation;

public sealed class ContinuousBatchingTests
{
    // Stops early on a few rows and late on others, so waves leave rows idle while their longest row runs on.
    private static readonly SamplingOptions Sampled = new() { Samples = 6, Temperature = 1.0f, TopP = 0.95f, MaxNewTokens = 12, Seed = 5 };

    private static readonly TokenPrompt[] Prompts =
    [
        new("alpha", [1, 15043, 3186, 29892, 445, 338]),
        new("beta", [1, 306]),
        new("gamma", [1, 450, 4996, 17354]),
    ];

    [Fact]
    public void Continuous_batching_gives_the_same_candidates_as_waves()
    {
        using var continuous = new DecoderHarness(RepoPaths.LlamaFp16, maxBatchRows: 4);
        using var waves = new DecoderHarness(RepoPaths.LlamaFp16, maxBatchRows: 4, continuous: false);
        var ended = new HashSet<int> { 29889 };

        var a = continuous.Decode(Prompts, Sampled, eos: ended);
        var b = waves.Decode(Prompts, Sampled, eos: ended);

        for (var p = 0; p < Prompts.Length; p++)
        {
            for (var c = 0; c < Sampled.Samples; c++)
            {
                Assert.Equal(b[p][c].Index, a[p][c].Index);
                Assert.Equal(b[p][c].TokenIds, a[p][c].TokenIds);
            }
        }
    }

    [Fact]
    public void Finished_rows_are_replaced_so_the_batch_stays_fuller_than_in_waves()
    {
        using var continuous = new DecoderHarness(RepoPaths.LlamaFp16, maxBatchRows: 4);
        using var waves = new DecoderHarness(RepoPaths.LlamaFp16, maxBatchRows: 4, continuous: false);
        var ended = new HashSet<int> { 29889, 29892 };

        continuous.Decode(Prompts, Sampled, eos: ended);
        waves.Decode(Prompts, Sampled, eos: ended);
        continuous.Stats.Publish();
        waves.Stats.Publish();

        var full = continuous.Stats.Snapshot();
        var waved = waves.Stats.Snapshot();
        Assert.Equal(full.GeneratedTokens, waved.GeneratedTokens);
        Assert.True(full.DecodeSteps < waved.DecodeSteps, $"continuous {full.DecodeSteps} steps, waves {waved.DecodeSteps}");
        Assert.True(full.MeanRowsPerStep > waved.MeanRowsPerStep, $"continuous {full.MeanRowsPerStep:F2} rows/step, waves {waved.MeanRowsPerStep:F2}");
    }

    [Fact]
    public void A_later_round_continues_the_candidate_indices_with_their_own_seeds()
    {
        using var harness = new DecoderHarness(RepoPaths.LlamaFp16, maxBatchRows: 4);

        var all = harness.Decode([Prompts[0]], Sampled);
        var later = harness.Decode([Prompts[0] with { FirstCandidate = 4, Count = 2 }], Sampled);

        Assert.Equal(2, later[0].Count);
        Assert.Equal(all[0][4].TokenIds, later[0][0].TokenIds);
        Assert.Equal(5, later[0][1].Index);
        Assert.Equal(all[0][5].TokenIds, later[0][1].TokenIds);
    }

    [Fact]
    public void Rows_that_join_next_to_long_running_rows_take_a_cohort_of_their_own_instead_of_their_padding()
    {
        // A thirty-second of the vocabulary ends a row: candidates of very different lengths, so rows join while others are far along.
        var sampled = Sampled with { MaxNewTokens = 64 };
        var ended = new HashSet<int>(Enumerable.Range(0, 1000));
        using var cohorts = new DecoderHarness(RepoPaths.LlamaFp16, maxBatchRows: 4);
        using var padded = new DecoderHarness(RepoPaths.LlamaFp16, maxBatchRows: 4, cohorts: 1);
        using var waves = new DecoderHarness(RepoPaths.LlamaFp16, maxBatchRows: 4, continuous: false);

        var a = cohorts.Decode(Prompts, sampled, eos: ended);
        var b = padded.Decode(Prompts, sampled, eos: ended);
        var c = waves.Decode(Prompts, sampled, eos: ended);

        for (var p = 0; p < Prompts.Length; p++)
        {
            Assert.Equal(c[p].Select(x => x.TokenIds), a[p].Select(x => x.TokenIds));
            Assert.Equal(c[p].Select(x => x.TokenIds), b[p].Select(x => x.TokenIds));
        }

        cohorts.Stats.Publish();
        padded.Stats.Publish();
        var split = cohorts.Stats.Snapshot();
        var one = padded.Stats.Snapshot();
        var lengths = a.SelectMany(x => x).Select(x => x.TokenIds.Count).ToArray();
        Assert.True(lengths.Max() > 2 * ContinuousScheduler.JoinSlack && lengths.Min() < ContinuousScheduler.JoinSlack, string.Join(' ', lengths));
        Assert.Equal(one.DecodeSteps, one.DecodePasses);
        Assert.True(split.DecodePasses > split.DecodeSteps, $"{split.DecodePasses} passes in {split.DecodeSteps} steps: one cohort all along");
        Assert.Equal(one.RowSteps, split.RowSteps);
        Assert.True(split.PaddedPositions < one.PaddedPositions / 2, $"padding with cohorts {split.PaddedPositions}, in one batch {one.PaddedPositions}");
    }
}
