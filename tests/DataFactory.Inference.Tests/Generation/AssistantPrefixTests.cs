using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Inference.Tests.Generation;

/// <summary><see cref="GenerationRequest.AssistantPrefix"/> on the bundled model: candidates continue a partial response.</summary>
public sealed class AssistantPrefixTests
{
    private const string Prompt = "Use 3 5 6 8 to make 24.";

    private static GenerationEngine Open() => new(
        new EngineOptions { ModelDirectory = RepoPaths.Bundled, Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 },
        NullLogger.Instance);

    [Fact]
    public void The_prompt_tokens_are_unchanged_and_the_prefix_tokens_follow_them()
    {
        using var engine = Open();
        var plain = new GenerationRequest("p", Prompt, UseChatTemplate: true);
        var prefix = "Try 8-6=2 (3 5 2), 5-3=2 (2 2).\n";

        var withPrefix = engine.EncodePrompt(plain with { AssistantPrefix = prefix });
        var without = engine.EncodePrompt(plain);

        Assert.Equal(without, engine.EncodePrompt(plain with { AssistantPrefix = null }));
        Assert.Equal(without, engine.EncodePrompt(plain with { AssistantPrefix = "" }));
        Assert.Equal([.. without, .. engine.Tokenizer.Encode(prefix)], withPrefix);
    }

    [Fact]
    public void Greedy_continuations_of_a_prefix_are_the_rest_of_the_candidate_it_was_cut_from()
    {
        using var engine = Open();
        var greedy = new SamplingOptions { Samples = 1, Greedy = true, MaxNewTokens = 200 };
        var request = new GenerationRequest("p", Prompt, UseChatTemplate: true);
        var whole = engine.Generate([request], greedy, CancellationToken.None)[0].Candidates[0];
        var firstLine = whole.Text.IndexOf('\n', StringComparison.Ordinal) + 1;
        Assert.True(firstLine > 0 && firstLine < whole.Text.Length, $"the greedy candidate has more than one line: {whole.Text}");
        var prefix = whole.Text[..firstLine];
        var prefixIds = engine.Tokenizer.Encode(prefix);
        // The cut falls on a token boundary of the candidate, so prompt + prefix is the candidate's own context at that point.
        Assert.Equal(whole.TokenIds.Take(prefixIds.Count), prefixIds);

        var continued = engine.Generate([request with { AssistantPrefix = prefix, Count = 4 }], greedy, CancellationToken.None)[0];

        Assert.Equal(4, continued.Candidates.Count);
        Assert.All(continued.Candidates, c => Assert.Equal(whole.Text[firstLine..], c.Text));
        Assert.All(continued.Candidates, c => Assert.Equal(whole.TokenCount - prefixIds.Count, c.TokenCount));
        Assert.Equal(engine.EncodePrompt(request).Count + prefixIds.Count, continued.PromptTokenCount);
    }

    [Fact]
    public void Sampled_continuations_equal_those_of_the_same_tokens_sent_as_a_raw_prompt()
    {
        using var engine = Open();
        var sampling = new SamplingOptions { Samples = 6, Temperature = 0.9f, MaxNewTokens = 120, Seed = 11 };
        var prefix = "Try 8-6=2 (3 5 2), 5-3=2 (2 2).\n";
        var chat = new GenerationRequest("p", Prompt, UseChatTemplate: true) { AssistantPrefix = prefix };
        var tokens = engine.EncodePrompt(chat);
        var rendered = engine.Tokenizer.Decode([.. tokens], skipSpecialTokens: false);
        var raw = new GenerationRequest("p", rendered);
        // The raw prompt must encode to the very same ids, or the comparison says nothing.
        Assert.Equal(tokens, engine.EncodePrompt(raw));

        var fromPrefix = engine.Generate([chat], sampling, CancellationToken.None)[0].Candidates;
        var fromRaw = engine.Generate([raw], sampling, CancellationToken.None)[0].Candidates;

        Assert.Equal(fromRaw.Select(c => c.Text), fromPrefix.Select(c => c.Text));
        Assert.True(fromPrefix.Select(c => c.Text).Distinct().Count() > 1, "sampling gave one text six times");
    }
}
