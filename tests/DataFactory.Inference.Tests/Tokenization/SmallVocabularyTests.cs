using System.Text.Json;
using DataFactory.Inference.Tokenization;

namespace DataFactory.Inference.Tests.Tokenization;

/// <summary>Hand-built tokenizer.json files that pin single behaviours of the pipeline.</summary>
public sealed class SmallVocabularyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("small-vocabulary-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Lower_ranked_merge_applies_first()
    {
        var tokenizer = Load(Bpe(["a", "b", "c", "ab", "bc"], ["b c", "a b"]));

        Assert.Equal([0, 4], tokenizer.Encode("abc"));
    }

    [Fact]
    public void Merges_as_pairs_equal_merges_as_strings()
    {
        var asStrings = Load(Bpe(["a", "b", "c", "ab", "abc"], ["a b", "ab c"]), "strings");
        var asPairs = Load(Bpe(["a", "b", "c", "ab", "abc"], [new[] { "a", "b" }, new[] { "ab", "c" }]), "pairs");

        Assert.Equal(asStrings.Encode("abcab"), asPairs.Encode("abcab"));
        Assert.Equal([4, 3], asPairs.Encode("abcab"));
    }

    [Fact]
    public void Sentencepiece_vocabulary_falls_back_to_bytes_and_decodes_them()
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        tokens.AddRange(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"));
        tokens.AddRange(["\u2581", "h", "i", "\u2581h", "\u2581hi"]);
        var json = Bpe(tokens, ["\u2581 h", "\u2581h i"], unknown: "<unk>", byteFallback: true);
        json["normalizer"] = new Dictionary<string, object?>
        {
            ["type"] = "Sequence",
            ["normalizers"] = new object[]
            {
                new Dictionary<string, object?> { ["type"] = "Prepend", ["prepend"] = "\u2581" },
                new Dictionary<string, object?> { ["type"] = "Replace", ["pattern"] = new Dictionary<string, string> { ["String"] = " " }, ["content"] = "\u2581" },
            },
        };
        json["decoder"] = new Dictionary<string, object?>
        {
            ["type"] = "Sequence",
            ["decoders"] = new object[]
            {
                new Dictionary<string, object?> { ["type"] = "Replace", ["pattern"] = new Dictionary<string, string> { ["String"] = "\u2581" }, ["content"] = " " },
                new Dictionary<string, object?> { ["type"] = "ByteFallback" },
                new Dictionary<string, object?> { ["type"] = "Fuse" },
                new Dictionary<string, object?> { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 },
            },
        };
        var tokenizer = Load(json);
        var hi = tokens.IndexOf("\u2581hi");
        var c3 = tokens.IndexOf("<0xC3>");
        var a9 = tokens.IndexOf("<0xA9>");

        var ids = tokenizer.Encode("hi é");

        Assert.Equal([hi, tokens.IndexOf("\u2581"), c3, a9], ids);
        Assert.Equal("hi é", tokenizer.Decode([.. ids]));
        Assert.Equal("\uFFFD", tokenizer.Decode([c3]));
    }

    [Fact]
    public void Unknown_characters_fuse_into_one_unknown_token_when_asked()
    {
        var fused = Load(Bpe(["<unk>", "a"], [], unknown: "<unk>", fuseUnknown: true), "fused");
        var separate = Load(Bpe(["<unk>", "a"], [], unknown: "<unk>", fuseUnknown: false), "separate");

        Assert.Equal([1, 0, 1], fused.Encode("axya"));
        Assert.Equal([1, 0, 0, 1], separate.Encode("axya"));
    }

    [Fact]
    public void Characters_outside_a_vocabulary_without_unknown_token_are_dropped()
    {
        var tokenizer = Load(Bpe(["a"], []));

        Assert.Equal([0, 0], tokenizer.Encode("axa"));
    }

    [Fact]
    public void Ignore_merges_takes_whole_words_from_the_vocabulary()
    {
        var json = Bpe(["a", "b", "ab", "abab", "ba"], ["a b"]);
        ((Dictionary<string, object?>)json["model"]!)["ignore_merges"] = true;
        var tokenizer = Load(json);

        Assert.Equal([3], tokenizer.Encode("abab"));
        Assert.Equal([2, 0], tokenizer.Encode("aba"));
    }

    [Fact]
    public void Added_tokens_honour_strip_and_single_word()
    {
        var json = Bpe(["a", " ", "b"], []);
        json["added_tokens"] = new object[]
        {
            Added(3, "<x>", lstrip: true, rstrip: true),
            Added(4, "ab", singleWord: true),
        };
        var tokenizer = Load(json);

        Assert.Equal([0, 3, 2], tokenizer.Encode("a  <x>  b"));
        Assert.Equal([4, 1, 0, 2, 0], tokenizer.Encode("ab aba"));
    }

    [Fact]
    public void Longest_added_token_wins_at_the_same_position()
    {
        var json = Bpe(["a"], []);
        json["added_tokens"] = new object[] { Added(1, "<|im"), Added(2, "<|im_end|>") };
        var tokenizer = Load(json);

        Assert.Equal([0, 2, 0], tokenizer.Encode("a<|im_end|>a"));
    }

    [Fact]
    public void Metaspace_prepends_only_at_the_start_and_decodes_back()
    {
        var json = Bpe(["\u2581", "a", "b", "\u2581a", "\u2581b"], ["\u2581 a", "\u2581 b"]);
        json["added_tokens"] = new object[] { Added(5, "<s>", special: true) };
        json["pre_tokenizer"] = new Dictionary<string, object?> { ["type"] = "Metaspace", ["replacement"] = "\u2581", ["prepend_scheme"] = "first", ["split"] = true };
        json["decoder"] = new Dictionary<string, object?> { ["type"] = "Metaspace", ["replacement"] = "\u2581", ["prepend_scheme"] = "first", ["split"] = true };
        var tokenizer = Load(json);

        Assert.Equal([3, 4], tokenizer.Encode("a b"));
        Assert.Equal([5, 1, 4], tokenizer.Encode("<s>a b"));
        Assert.Equal("a b", tokenizer.Decode([3, 4]));
    }

    [Fact]
    public void Template_post_processor_adds_bos_and_eos_only_when_asked()
    {
        var json = Bpe(["<s>", "</s>", "a"], []);
        json["post_processor"] = new Dictionary<string, object?>
        {
            ["type"] = "TemplateProcessing",
            ["single"] = new object[]
            {
                new Dictionary<string, object?> { ["SpecialToken"] = new Dictionary<string, object?> { ["id"] = "<s>", ["type_id"] = 0 } },
                new Dictionary<string, object?> { ["Sequence"] = new Dictionary<string, object?> { ["id"] = "A", ["type_id"] = 0 } },
                new Dictionary<string, object?> { ["SpecialToken"] = new Dictionary<string, object?> { ["id"] = "</s>", ["type_id"] = 0 } },
            },
            ["special_tokens"] = new Dictionary<string, object?>
            {
                ["<s>"] = new Dictionary<string, object?> { ["id"] = "<s>", ["ids"] = new[] { 0 }, ["tokens"] = new[] { "<s>" } },
                ["</s>"] = new Dictionary<string, object?> { ["id"] = "</s>", ["ids"] = new[] { 1 }, ["tokens"] = new[] { "</s>" } },
            },
        };
        var tokenizer = Load(json);

        Assert.Equal([2], tokenizer.Encode("a"));
        Assert.Equal([0, 2, 1], tokenizer.Encode("a", addSpecialTokens: true));
    }

    [Fact]
    public void Possessive_split_pattern_loads_and_splits_like_its_greedy_form()
    {
        var json = Bpe(["a", "b", " ", "!"], []);
        json["pre_tokenizer"] = new Dictionary<string, object?>
        {
            ["type"] = "Split",
            ["pattern"] = new Dictionary<string, string> { ["Regex"] = @"[^\r\n\p{L}\p{N}]?+\p{L}+| ?[^\s\p{L}\p{N}]++[\r\n]*|\s+" },
            ["behavior"] = "Isolated",
            ["invert"] = false,
        };
        var tokenizer = Load(json);

        var tokens = tokenizer.Inner.EncodeToTokens("ab !a", out _);

        Assert.Equal(["a", "b", " ", "!", "a"], tokens.Select(t => t.Value));
        Assert.Equal(new Range(0, 2), tokens[0].Offset);
        Assert.Equal(new Range(2, 4), tokens[2].Offset);
    }

    private static Dictionary<string, object?> Added(int id, string content, bool special = false, bool lstrip = false, bool rstrip = false, bool singleWord = false) =>
        new()
        {
            ["id"] = id,
            ["content"] = content,
            ["special"] = special,
            ["lstrip"] = lstrip,
            ["rstrip"] = rstrip,
            ["single_word"] = singleWord,
            ["normalized"] = false,
        };

    private static Dictionary<string, object?> Bpe(
        IReadOnlyList<string> vocabulary, IEnumerable<object> merges, string? unknown = null, bool byteFallback = false, bool fuseUnknown = false) =>
        new()
        {
            ["model"] = new Dictionary<string, object?>
            {
                ["type"] = "BPE",
                ["vocab"] = vocabulary.Select((token, id) => (token, id)).ToDictionary(x => x.token, x => x.id),
                ["merges"] = merges.ToArray(),
                ["unk_token"] = unknown,
                ["byte_fallback"] = byteFallback,
                ["fuse_unk"] = fuseUnknown,
            },
        };

    private ModelTokenizer Load(Dictionary<string, object?> json, string name = "tokenizer")
    {
        var folder = Path.Combine(_folder, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), JsonSerializer.Serialize(json));
        return TokenizerLoader.Load(folder);
    }
}
