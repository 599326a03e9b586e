using System.Numerics.Tensors;
using System.Text.Json;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Runtime;

namespace DataFactory.Inference.Tests.Generation;

public sealed class GreedyDecodingTests
{
    private static readonly SamplingOptions Greedy = new() { Greedy = true, Samples = 1, MaxNewTokens = 16 };

    [Fact]
    public void Greedy_fp16_tokens_equal_the_transformers_js_reference()
    {
        using var harness = new DecoderHarness(RepoPaths.LlamaFp16);
        using var reference = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("models", "tiny-random-llama-fp16.greedy-reference.json")));
        var cases = reference.RootElement.GetProperty("cases").EnumerateArray().ToArray();
        var prompts = cases.Select((c, i) => new TokenPrompt($"p{i}", Ints(c.GetProperty("prompt")))).ToArray();

        var results = harness.Decode(prompts, Greedy);

        for (var i = 0; i < cases.Length; i++)
        {
            Assert.Equal(Ints(cases[i].GetProperty("generated")), results[i][0].TokenIds);
        }
    }

    /// <summary>The fp16 fixture model and the bundled model.</summary>
    public static TheoryData<string> Models() => new() { RepoPaths.LlamaFp16, RepoPaths.Bundled };

    [Theory]
    [MemberData(nameof(Models))]
    public void Greedy_through_the_cache_equals_recomputing_the_whole_sequence(string model)
    {
        using var harness = new DecoderHarness(model);
        var prompt = Encode(model, "What is 12 + 30? Think step by step.");

        var cached = harness.Decode([new TokenPrompt("a", prompt)], Greedy with { MaxNewTokens = 10 })[0][0].TokenIds;

        var sequence = prompt.ToList();
        var scratch = new float[harness.Model.Info.VocabularySize];
        for (var step = 0; step < cached.Count; step++)
        {
            using var empty = KvCache.Empty(harness.Model.Layout, 1);
            var ids = sequence.Select(t => (long)t).ToArray();
            var positions = Enumerable.Range(0, sequence.Count).Select(p => (long)p).ToArray();
            var mask = Enumerable.Repeat(1L, sequence.Count).ToArray();
            var result = harness.Model.Forward(empty, ids, positions, mask, sequence.Count);
            using var present = result.Present;
            using var logits = result.Logits;
            sequence.Add(TensorPrimitives.IndexOfMax(logits.LastPosition(0, scratch)));
        }

        Assert.Equal(sequence.Skip(prompt.Length), cached);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_padded_batch_gives_each_row_the_tokens_it_gets_alone(string model)
    {
        using var harness = new DecoderHarness(model);
        TokenPrompt[] prompts =
        [
            new("short", Encode(model, "2+2?")),
            new("long", Encode(model, "A box holds 7 rows of 9 apples and 5 more apples on top. How many apples are there?")),
            new("mid", Encode(model, "What is 6 times 7?")),
        ];

        var together = harness.Decode(prompts, Greedy);

        foreach (var (prompt, i) in prompts.Select((p, i) => (p, i)))
        {
            var alone = harness.Decode([prompt], Greedy);
            Assert.Equal(alone[0][0].TokenIds, together[i][0].TokenIds);
        }
    }

    [Fact]
    public void Rejects_a_prompt_longer_than_the_context_with_its_id_and_lengths()
    {
        using var harness = new DecoderHarness(RepoPaths.LlamaFp16);
        var tooLong = Enumerable.Repeat(306, 2048).ToArray();

        var error = Assert.Throws<PromptTooLongException>(() =>
            harness.Decode([new TokenPrompt("ok", [1, 306]), new TokenPrompt("huge", tooLong)], Greedy));

        Assert.Equal("huge", error.ProblemId);
        Assert.Equal(2048, error.PromptTokens);
        Assert.Equal(2048, error.ContextLength);
        Assert.Contains("huge", error.Message);
    }

    [Fact]
    public void Stops_at_an_end_of_sequence_token_and_keeps_it()
    {
        using var harness = new DecoderHarness(RepoPaths.LlamaFp16);
        var prompt = new TokenPrompt("a", [1, 15043, 3186, 29892, 445, 338]);
        var free = harness.Decode([prompt], Greedy)[0][0];

        var eos = free.TokenIds[3];
        var stopped = harness.Decode([prompt], Greedy, eos: new HashSet<int> { eos })[0][0];

        Assert.Equal(FinishReason.Length, free.Reason);
        Assert.Equal(FinishReason.Eos, stopped.Reason);
        Assert.Equal(free.TokenIds.Take(free.TokenIds.ToList().IndexOf(eos) + 1), stopped.TokenIds);
    }

    private static int[] Encode(string model, string text) =>
        [.. DataFactory.Inference.Tokenization.TokenizerLoader.Load(model).Encode(text, addSpecialTokens: true)];

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
