using System.Text.Json;
using DataFactory.Inference.Tokenization;

namespace DataFactory.Inference.Tests.Tokenization;

/// <summary>Tokenizer fixture folders and their transformers.js reference encodings.</summary>
internal static class TokenizerFixtures
{
    private static readonly Lazy<string> FixtureRoot = new(FindFixtures);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<ModelTokenizer>> Loaded = new();

    public static string Llama => Path.Combine(FixtureRoot.Value, "models", "tiny-random-llama-fp16");

    public static string Gpt2 => Path.Combine(FixtureRoot.Value, "models", "ortgenai-tiny-random-gpt2-fp32");

    public static string Qwen2Style => Path.Combine(FixtureRoot.Value, "tokenization", "qwen2-style");

    public static string Folder(string name) => name switch
    {
        "llama" => Llama,
        "gpt2" => Gpt2,
        "qwen2-style" => Qwen2Style,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown fixture."),
    };

    /// <summary>The fixture's tokenizer, loaded once per test run (tokenizers are thread-safe).</summary>
    public static ModelTokenizer Load(string name) =>
        Loaded.GetOrAdd(name, key => new Lazy<ModelTokenizer>(() => TokenizerLoader.Load(Folder(key)))).Value;

    public static string ExpectedPath(string name) => name switch
    {
        "llama" => Path.Combine(FixtureRoot.Value, "tokenization", "tiny-random-llama-fp16.expected.json"),
        "gpt2" => Path.Combine(FixtureRoot.Value, "tokenization", "ortgenai-tiny-random-gpt2-fp32.expected.json"),
        "qwen2-style" => Path.Combine(FixtureRoot.Value, "tokenization", "qwen2-style", "expected.json"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown fixture."),
    };

    public static IReadOnlyList<ReferenceCase> Cases(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(ExpectedPath(name)));
        var cases = new List<ReferenceCase>();
        foreach (var item in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            cases.Add(new ReferenceCase(
                item.GetProperty("text").GetString()!,
                [.. item.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32())],
                [.. item.GetProperty("idsWithSpecialTokens").EnumerateArray().Select(x => x.GetInt32())],
                item.GetProperty("decoded").GetString()!,
                item.GetProperty("decodedSkippingSpecial").GetString()!));
        }

        return cases;
    }

    private static string FindFixtures()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "DataFactory.Inference.Tests", "Fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/DataFactory.Inference.Tests/Fixtures not found above " + AppContext.BaseDirectory);
    }
}

internal sealed record ReferenceCase(string Text, int[] Ids, int[] IdsWithSpecialTokens, string Decoded, string DecodedSkippingSpecial);
