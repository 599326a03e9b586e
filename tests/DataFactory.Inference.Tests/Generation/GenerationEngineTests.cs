using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Inference.Tests.Generation;

public sealed class GenerationEngineTests
{
    private static GenerationEngine Open(bool logProbs = false) => new(
        new EngineOptions { ModelDirectory = RepoPaths.LlamaFp16, Provider = ExecutionProvider.Cpu, IntraOpThreads = 1, ComputeLogProbabilities = logProbs },
        NullLogger.Instance);

    [Fact]
    public void Reports_provider_model_info_and_prompt_ids_with_bos()
    {
        using var engine = Open();

        Assert.Equal(SessionFactory.CpuName, engine.ExecutionProviderName);
        Assert.Equal(32000, engine.ModelInfo.VocabularySize);
        Assert.Equal([1, 15043, 3186, 29892, 445, 338], engine.EncodePrompt(new GenerationRequest("p", "Hello world, this is")));
    }

    [Fact]
    public void Candidates_carry_decoded_text_token_ids_and_stats()
    {
        using var engine = Open(logProbs: true);
        var sampling = new SamplingOptions { Samples = 3, MaxNewTokens = 6, Seed = 9 };

        var result = engine.Generate([new GenerationRequest("p1", "Hello world, this is")], sampling, CancellationToken.None);

        var problem = Assert.Single(result);
        Assert.Equal("p1", problem.ProblemId);
        Assert.Equal(6, problem.PromptTokenCount);
        Assert.Equal([0, 1, 2], problem.Candidates.Select(c => c.Index));
        foreach (var candidate in problem.Candidates)
        {
            Assert.Equal(6, candidate.TokenCount);
            Assert.Equal(FinishReason.Length, candidate.Reason);
            Assert.Equal(engine.Tokenizer.Decode(candidate.TokenIds.ToArray()), candidate.Text);
            Assert.NotNull(candidate.LogProbSum);
            Assert.Equal(candidate.TokenCount, candidate.TokenLogProbs!.Count);
            Assert.Equal(candidate.LogProbSum!.Value, candidate.TokenLogProbs.Sum(v => (double)v), 3);
        }

        var stats = engine.Stats;
        Assert.Equal(18, stats.GeneratedTokens);
        Assert.Equal(6, stats.PromptTokens);
        Assert.Equal(5, stats.DecodeSteps);
        Assert.Equal(3, stats.MeanRowsPerStep);
    }

    [Fact]
    public void A_stop_string_ends_the_candidate_and_is_cut_from_its_text()
    {
        using var engine = Open();
        var greedy = new SamplingOptions { Samples = 1, Greedy = true, MaxNewTokens = 16 };
        var request = new GenerationRequest("p", "Hello world, this is");
        var free = engine.Generate([request], greedy, CancellationToken.None)[0].Candidates[0];
        var stop = free.Text.Substring(free.Text.Length / 2, 3);

        var stopped = engine.Generate([request], greedy with { StopStrings = [stop] }, CancellationToken.None)[0].Candidates[0];

        Assert.Equal(FinishReason.Stop, stopped.Reason);
        Assert.Equal(free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
        Assert.True(stopped.TokenCount < free.TokenCount);
        Assert.Equal(free.TokenIds.Take(stopped.TokenCount), stopped.TokenIds);
    }

    [Fact]
    public void Cancellation_stops_generation()
    {
        using var engine = Open();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            engine.Generate([new GenerationRequest("p", "Hello")], new SamplingOptions { Samples = 2, MaxNewTokens = 4 }, cancelled.Token));
    }
}
