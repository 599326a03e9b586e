using DataFactory.Core.Formats;
using DataFactory.Core.Problems;
using DataFactory.Core.Sampling;
using DataFactory.Core.Verification;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Models;
using DataFactory.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Inference.Tests.Generation;

/// <summary>The bundled model <c>models/tiny-reasoner</c> as the factory uses it: loaded unchanged, prompted through its chat template.</summary>
public sealed class BundledModelTests
{
    private static GenerationEngine Open() => new(
        new EngineOptions { ModelDirectory = RepoPaths.Bundled, Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 },
        NullLogger.Instance);

    private static IReadOnlyList<Problem> Examples(string family, int count) =>
        [.. ProblemFileReader.Read(Path.Combine(RepoPaths.Root, "examples", family + ".jsonl"), new ImportOptions()).Problems.Take(count)];

    [Fact]
    public void Loads_with_the_shapes_of_its_card_and_renders_the_chatml_prompt()
    {
        using var engine = Open();

        var info = engine.ModelInfo;
        Assert.Equal(5, info.Layers);
        Assert.Equal(2, info.KvHeads);
        Assert.Equal(32, info.HeadSize);
        Assert.Equal(512, info.VocabularySize);
        Assert.Equal(512, info.ContextLength);
        Assert.Equal(TensorElementKind.Float32, info.KvElementType);
        Assert.Equal(TensorElementKind.Float32, info.LogitsElementType);
        var endOfTurn = Assert.Single(engine.Tokenizer.Encode("<|im_end|>"));
        Assert.Contains(endOfTurn, engine.EosTokenIds);

        var prompt = engine.EncodePrompt(new GenerationRequest("p", "Calculate 12 + 30.", UseChatTemplate: true));
        Assert.Equal("<|im_start|>user\nCalculate 12 + 30.<|im_end|>\n<|im_start|>assistant\n", engine.Tokenizer.Decode([.. prompt], skipSpecialTokens: false));
    }

    [Fact]
    public void An_assistant_prefix_is_appended_to_the_rendered_prompt_and_candidates_hold_only_the_continuation()
    {
        using var engine = Open();
        const string Prompt = "Use the numbers 3 6 6 13 to make 24 with + - * / and parentheses, using each number exactly once.";
        const string Prefix = "Try 13-6=7 (3 6 7), 7*3=21 (6 21), 21+6=27. No.\n";
        var plain = engine.EncodePrompt(new GenerationRequest("p", Prompt, UseChatTemplate: true));

        var prefixed = engine.EncodePrompt(new GenerationRequest("p", Prompt, UseChatTemplate: true) { AssistantPrefix = Prefix });

        Assert.Equal([.. plain, .. engine.Tokenizer.Encode(Prefix)], prefixed);
        var sampling = new SamplingOptions { Samples = 4, MaxNewTokens = 48, Seed = 3, StopStrings = ["\n"] };
        var generation = Assert.Single(engine.Generate([new GenerationRequest("p", Prompt, UseChatTemplate: true) { AssistantPrefix = Prefix }], sampling, CancellationToken.None));
        Assert.Equal(prefixed.Count, generation.PromptTokenCount);
        Assert.Equal(4, generation.Candidates.Count);
        // The prefix ends a try, so every continuation starts the next step rather than repeating the prefix.
        Assert.All(generation.Candidates, c => Assert.False(c.Text.StartsWith(Prefix.TrimEnd(), StringComparison.Ordinal), c.Text));
        Assert.All(generation.Candidates, c => Assert.True(c.Text.StartsWith("Try ", StringComparison.Ordinal) || c.Text.StartsWith("Final answer", StringComparison.Ordinal), c.Text));
    }

    [Theory]
    [InlineData("arithmetic", TaskKind.Math)]
    [InlineData("countdown", TaskKind.Countdown)]
    public void Sampled_candidates_end_in_a_final_answer_and_are_sometimes_right_and_sometimes_wrong(string family, TaskKind kind)
    {
        using var engine = Open();
        var problems = Examples(family, 6);
        Assert.All(problems, p => Assert.Equal(kind, p.Kind));
        var sampling = new SamplingOptions { Samples = 8, Temperature = 0.8f, MaxNewTokens = 384, Seed = 7 };

        var generations = engine.Generate([.. problems.Select(p => new GenerationRequest(p.Id, p.Prompt, UseChatTemplate: true))], sampling, CancellationToken.None);

        var verifier = VerifierRegistry.CreateDefault().For(kind);
        var verdicts = generations.SelectMany((g, i) => g.Candidates.Select(c => (c, verdict: verifier.Verify(problems[i], c.Text)))).ToArray();
        Assert.Equal(problems.Count * sampling.Samples, verdicts.Length);
        // A puzzle candidate that has not found the target after the eight tries of its longest training
        // traces keeps searching until the token limit: most, not all, candidates end with <|im_end|>.
        var finished = verdicts.Where(v => v.c.Reason == FinishReason.Eos).ToArray();
        Assert.True(finished.Length >= verdicts.Length / 2, $"{finished.Length} of {verdicts.Length} candidates ended with <|im_end|>");
        Assert.All(verdicts.Except(finished), v => Assert.Equal(FinishReason.Length, v.c.Reason));
        Assert.All(finished, v => Assert.Contains("Final answer: ", v.c.Text, StringComparison.Ordinal));
        Assert.Contains(verdicts, v => v.verdict.IsCorrect);
        Assert.Contains(verdicts, v => !v.verdict.IsCorrect);
    }
}
