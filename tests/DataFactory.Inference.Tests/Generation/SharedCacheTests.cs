using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;

namespace DataFactory.Inference.Tests.Generation;

/// <summary>
/// The bundled model's shared-cache graph (<c>onnx/model_gqa.onnx</c>: GroupQueryAttention, a length per row, one
/// cache buffer bound as past and present) against its standard graph (<c>onnx/model.onnx</c>) in static waves: the
/// same weights, so the same candidates, however rows join, leave and move between slots.
/// </summary>
public sealed class SharedCacheTests
{
    private const string SharedFile = "model_gqa";

    // Prompts of different lengths, and ends on several common tokens, so rows finish at very different steps.
    private static readonly TokenPrompt[] Prompts =
    [
        new("alpha", [60, 61, 62, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51]),
        new("beta", [60, 49]),
        new("gamma", [60, 61, 62, 52, 53, 54, 55]),
    ];

    private static readonly SamplingOptions Sampled = new() { Samples = 6, Temperature = 1.0f, TopP = 0.95f, MaxNewTokens = 48, Seed = 5 };

    private static readonly HashSet<int> Ends = [10, 511];

    [Fact]
    public void The_shared_cache_graph_loads_as_one_with_per_row_lengths()
    {
        using var shared = new DecoderHarness(RepoPaths.Bundled, modelFile: SharedFile);
        using var standard = new DecoderHarness(RepoPaths.Bundled, continuous: false);

        Assert.True(shared.Model.Signature.SharedCache);
        Assert.Null(shared.Model.Signature.AttentionMask);
        Assert.False(standard.Model.Signature.SharedCache);
        Assert.Equal(standard.Model.Info.Layers, shared.Model.Info.Layers);
        Assert.Equal(standard.Model.Info.ContextLength, shared.Model.Info.ContextLength);
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(4, 0)]
    [InlineData(64, 0)]
    [InlineData(4, 5)]
    public void Rows_that_join_leave_and_move_between_slots_give_the_same_candidates_as_the_standard_graph(int maxRows, int prefillChunk)
    {
        using var shared = new DecoderHarness(RepoPaths.Bundled, maxBatchRows: maxRows, prefillChunk: prefillChunk, modelFile: SharedFile);
        using var standard = new DecoderHarness(RepoPaths.Bundled, maxBatchRows: 64, continuous: false);

        var a = shared.Decode(Prompts, Sampled, eos: Ends);
        var b = standard.Decode(Prompts, Sampled, eos: Ends);

        var lengths = b.SelectMany(x => x).Select(x => x.TokenIds.Count).ToArray();
        Assert.True(lengths.Max() > 4 * lengths.Min(), string.Join(' ', lengths));
        for (var p = 0; p < Prompts.Length; p++)
        {
            Assert.Equal(b[p].Select(x => x.Index), a[p].Select(x => x.Index));
            Assert.Equal(b[p].Select(x => x.TokenIds), a[p].Select(x => x.TokenIds));
            Assert.Equal(b[p].Select(x => x.Reason), a[p].Select(x => x.Reason));
        }
    }

    [Fact]
    public void Greedy_candidates_equal_the_standard_graphs()
    {
        var greedy = new SamplingOptions { Samples = 1, Greedy = true, MaxNewTokens = 96 };
        using var shared = new DecoderHarness(RepoPaths.Bundled, maxBatchRows: 2, modelFile: SharedFile);
        using var standard = new DecoderHarness(RepoPaths.Bundled, continuous: false);

        var a = shared.Decode(Prompts, greedy);
        var b = standard.Decode(Prompts, greedy);

        Assert.Equal(b.Select(x => x[0].TokenIds), a.Select(x => x[0].TokenIds));
    }

    [Fact]
    public void No_position_is_padded_and_finished_rows_are_replaced()
    {
        using var shared = new DecoderHarness(RepoPaths.Bundled, maxBatchRows: 4, modelFile: SharedFile);
        using var waves = new DecoderHarness(RepoPaths.Bundled, maxBatchRows: 4, continuous: false);

        shared.Decode(Prompts, Sampled, eos: Ends);
        waves.Decode(Prompts, Sampled, eos: Ends);
        shared.Stats.Publish();
        waves.Stats.Publish();

        var slots = shared.Stats.Snapshot();
        var waved = waves.Stats.Snapshot();
        Assert.Equal(waved.GeneratedTokens, slots.GeneratedTokens);
        Assert.Equal(0, slots.PaddedPositions);
        Assert.Equal(slots.DecodeSteps, slots.DecodePasses);
        Assert.True(slots.DecodeSteps < waved.DecodeSteps, $"shared cache {slots.DecodeSteps} steps, waves {waved.DecodeSteps}");
        Assert.True(slots.MeanRowsPerStep > waved.MeanRowsPerStep, $"shared cache {slots.MeanRowsPerStep:F2} rows/step, waves {waved.MeanRowsPerStep:F2}");
    }

    [Fact]
    public void A_later_round_continues_the_candidate_indices_with_their_own_seeds()
    {
        using var shared = new DecoderHarness(RepoPaths.Bundled, maxBatchRows: 4, modelFile: SharedFile);

        var all = shared.Decode([Prompts[0]], Sampled, eos: Ends);
        var later = shared.Decode([Prompts[0] with { FirstCandidate = 4, Count = 2 }], Sampled, eos: Ends);

        Assert.Equal([4, 5], later[0].Select(x => x.Index));
        Assert.Equal(all[0][4].TokenIds, later[0][0].TokenIds);
        Assert.Equal(all[0][5].TokenIds, later[0][1].TokenIds);
    }
}
