using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Inference.Tests.Generation;

/// <summary>
/// Early stop inside a call (<see cref="IEarlyStop"/>): the static waves and continuous batching drop a request's rows
/// once it has enough, and never start its pending candidates.
/// </summary>
public sealed class EarlyStopTests
{
    // An eighth of the vocabulary ends a row, so the fixture's rows finish at different lengths (alpha: 12, 5, 10, 2, 7, 7).
    private static readonly HashSet<int> Ended = [.. Enumerable.Range(0, 4000)];

    private static readonly SamplingOptions Sampled = new() { Samples = 6, Temperature = 1.0f, TopP = 0.95f, MaxNewTokens = 12, Seed = 5 };

    private static readonly TokenPrompt Alpha = new("alpha", [1, 15043, 3186, 29892, 445, 338]);
    private static readonly TokenPrompt Beta = new("beta", [1, 306]);
    private static readonly TokenPrompt Gamma = new("gamma", [1, 450, 4996, 17354]);

    private static DecoderHarness Engine(bool continuous, int maxBatchRows = 64) => new(RepoPaths.LlamaFp16, maxBatchRows, continuous: continuous);

    /// <summary>Says enough once it has heard <paramref name="finished"/> candidates; records what it heard.</summary>
    private static (TokenPrompt Prompt, List<int> Heard) After(TokenPrompt prompt, int finished)
    {
        var heard = new List<int>();
        return (prompt with { Enough = c => { heard.Add(c.Index); return heard.Count >= finished; } }, heard);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rows_still_decoding_leave_once_the_request_has_enough_and_the_rest_of_the_batch_is_untouched(bool continuous)
    {
        using var harness = Engine(continuous);
        var full = harness.Decode([Alpha, Beta], Sampled, eos: Ended);
        var (alpha, heard) = After(Alpha, 1);

        var stopped = harness.Decode([alpha, Beta], Sampled, eos: Ended);

        // The stop came at the step of the shortest candidate: the candidates of that length finished, the others
        // were abandoned at that length, with the tokens they had.
        var shortest = full[0].Min(c => c.TokenIds.Count);
        Assert.Contains(full[0], c => c.TokenIds.Count > shortest);
        for (var c = 0; c < Sampled.Samples; c++)
        {
            if (full[0][c].TokenIds.Count == shortest)
            {
                Assert.Equal(full[0][c].TokenIds, stopped[0][c].TokenIds);
                Assert.NotEqual(FinishReason.Abandoned, stopped[0][c].Reason);
            }
            else
            {
                Assert.Equal(FinishReason.Abandoned, stopped[0][c].Reason);
                Assert.Equal(full[0][c].TokenIds.Take(shortest), stopped[0][c].TokenIds);
            }
        }

        Assert.Equal(full[0].Where(c => c.TokenIds.Count == shortest).Min(c => c.Index), Assert.Single(heard));
        Assert.Equal(full[1].Select(c => c.TokenIds), stopped[1].Select(c => c.TokenIds));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_request_stops_at_the_same_candidates_whatever_shares_its_batch(bool continuous)
    {
        using var harness = Engine(continuous);
        var (aloneAlpha, aloneHeard) = After(Alpha, 3);
        var (sharedAlpha, sharedHeard) = After(Alpha, 3);

        var alone = harness.Decode([aloneAlpha], Sampled, eos: Ended);
        var shared = harness.Decode([Beta, sharedAlpha, Gamma], Sampled, eos: Ended);

        Assert.Equal(aloneHeard, sharedHeard);
        Assert.Equal(alone[0].Select(c => (c.Reason, c.TokenIds.Count)), shared[1].Select(c => (c.Reason, c.TokenIds.Count)));
        Assert.Contains(alone[0], c => c.Reason == FinishReason.Abandoned);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Candidates_waiting_for_a_row_are_not_started_once_the_request_had_enough(bool continuous)
    {
        using var harness = Engine(continuous, maxBatchRows: 2);
        var (alpha, _) = After(Alpha, 1);

        var stopped = harness.Decode([alpha], Sampled, eos: Ended);

        Assert.All(stopped[0].Skip(2), c => Assert.Equal((FinishReason.Abandoned, 0), (c.Reason, c.TokenIds.Count)));
    }

    [Fact]
    public void The_engine_returns_the_finished_candidates_and_counts_the_abandoned_ones_tokens()
    {
        using var engine = new GenerationEngine(
            new EngineOptions { ModelDirectory = RepoPaths.LlamaFp16, Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 }, NullLogger.Instance);
        var sampling = Sampled with { StopStrings = ["e"] };
        var request = new GenerationRequest("alpha", "Hello world, this is");
        var full = Assert.Single(engine.Generate([request], sampling, CancellationToken.None));

        var stopped = Assert.Single(engine.Generate([request with { EarlyStop = new FirstOne() }], sampling, CancellationToken.None));

        var shortest = full.Candidates.Min(c => c.TokenCount);
        var finished = full.Candidates.Where(c => c.TokenCount == shortest).ToArray();
        Assert.Equal(finished.Select(c => (c.Index, c.Text)), stopped.Candidates.Select(c => (c.Index, c.Text)));
        Assert.Equal(Sampled.Samples - finished.Length, stopped.Abandoned);
        Assert.Equal((long)shortest * stopped.Abandoned, stopped.AbandonedTokens);
    }

    private sealed class FirstOne : IEarlyStop
    {
        public bool Enough(GeneratedCandidate finished) => true;
    }
}
