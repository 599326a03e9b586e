using System.Text.Json;
using DataFactory.Inference.Tokenization.AddedTokens;
using DataFactory.Inference.Tokenization.Bpe;

namespace DataFactory.Inference.Tokenization.Json;

/// <summary>
/// Loads a Hugging Face tokenizer.json (the fast-tokenizer format) with a BPE model. Every entry
/// of <c>added_tokens</c> is registered, special or not; merges may be "a b" strings or [a, b] pairs.
/// </summary>
internal static class TokenizerJsonReader
{
    public static HuggingFaceTokenizer Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException exception)
        {
            throw new TokenizerException($"{path} is not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            try
            {
                return Build(document.RootElement);
            }
            catch (TokenizerException exception)
            {
                throw new TokenizerException($"{path}: {exception.Message}", exception);
            }
        }
    }

    private static HuggingFaceTokenizer Build(JsonElement root)
    {
        var model = JsonFields.Get(root, "model") ?? throw new TokenizerException("tokenizer.json has no model.");
        var type = JsonFields.String(model, "type") ?? (JsonFields.Get(model, "merges") is not null ? "BPE" : null);
        if (type != "BPE")
        {
            throw new TokenizerException($"tokenizer model type '{type ?? "(none)"}' is not supported; only BPE models load.");
        }

        var bpe = new BpeModel(new BpeModelOptions
        {
            Vocabulary = Vocabulary(model),
            Merges = Merges(model),
            UnknownToken = JsonFields.String(model, "unk_token"),
            FuseUnknown = JsonFields.Bool(model, "fuse_unk", false),
            ByteFallback = JsonFields.Bool(model, "byte_fallback", false),
            IgnoreMerges = JsonFields.Bool(model, "ignore_merges", false),
            ContinuingSubwordPrefix = JsonFields.String(model, "continuing_subword_prefix"),
            EndOfWordSuffix = JsonFields.String(model, "end_of_word_suffix"),
        });

        return new HuggingFaceTokenizer(
            bpe,
            AddedTokenList(root),
            NormalizerReader.Read(JsonFields.Get(root, "normalizer")),
            PreTokenizerReader.Read(JsonFields.Get(root, "pre_tokenizer")),
            DecoderReader.Read(JsonFields.Get(root, "decoder")),
            PostProcessorReader.Read(JsonFields.Get(root, "post_processor")));
    }

    private static Dictionary<string, int> Vocabulary(JsonElement model)
    {
        if (JsonFields.Get(model, "vocab") is not { ValueKind: JsonValueKind.Object } vocab)
        {
            throw new TokenizerException("the BPE model has no vocab object.");
        }

        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocab.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
            {
                throw new TokenizerException($"vocab entry '{entry.Name}' has no valid id.");
            }

            result[entry.Name] = id;
        }

        return result;
    }

    private static List<(string Left, string Right)> Merges(JsonElement model)
    {
        var merges = new List<(string Left, string Right)>();
        if (JsonFields.Get(model, "merges") is not { ValueKind: JsonValueKind.Array } list)
        {
            return merges;
        }

        foreach (var merge in list.EnumerateArray())
        {
            switch (merge.ValueKind)
            {
                case JsonValueKind.String:
                {
                    var text = merge.GetString()!;
                    var space = text.IndexOf(' ', StringComparison.Ordinal);
                    if (space <= 0 || space == text.Length - 1 || text.IndexOf(' ', space + 1) >= 0)
                    {
                        throw new TokenizerException($"merge '{text}' is not two tokens separated by one space.");
                    }

                    merges.Add((text[..space], text[(space + 1)..]));
                    break;
                }

                case JsonValueKind.Array when merge.GetArrayLength() == 2:
                    merges.Add((merge[0].GetString() ?? string.Empty, merge[1].GetString() ?? string.Empty));
                    break;
                default:
                    throw new TokenizerException($"merge {merges.Count} is neither \"a b\" nor [a, b].");
            }
        }

        return merges;
    }

    private static List<AddedToken> AddedTokenList(JsonElement root)
    {
        var tokens = new List<AddedToken>();
        if (JsonFields.Get(root, "added_tokens") is not { ValueKind: JsonValueKind.Array } list)
        {
            return tokens;
        }

        foreach (var item in list.EnumerateArray())
        {
            var id = JsonFields.Int(item, "id", -1);
            var content = JsonFields.String(item, "content");
            if (id < 0 || content is null)
            {
                throw new TokenizerException("an added_tokens entry lacks its id or content.");
            }

            tokens.Add(new AddedToken(
                id,
                content,
                JsonFields.Bool(item, "special", false),
                JsonFields.Bool(item, "single_word", false),
                JsonFields.Bool(item, "lstrip", false),
                JsonFields.Bool(item, "rstrip", false)));
        }

        return tokens;
    }
}
