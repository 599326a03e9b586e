using System.Text.Json;
using DataFactory.Inference.Tokenization.Normalization;
using Microsoft.ML.Tokenizers;

namespace DataFactory.Inference.Tokenization.Json;

/// <summary>Builds the <c>normalizer</c> of tokenizer.json as a library <see cref="Normalizer"/>.</summary>
internal static class NormalizerReader
{
    public static Normalizer? Read(JsonElement? element)
    {
        if (element is not { } json)
        {
            return null;
        }

        var type = JsonFields.Type(json, "normalizer");
        return type switch
        {
            "Sequence" => new SequenceNormalizer([.. Children(json)]),
            "Prepend" => new PrependNormalizer(JsonFields.String(json, "prepend") ?? string.Empty),
            "Replace" => Replace(json),
            "NFC" => new NfcNormalizer(),
            "Lowercase" => new LowercaseNormalizer(),
            "Strip" => new StripNormalizer(JsonFields.Bool(json, "strip_left", true), JsonFields.Bool(json, "strip_right", true)),
            _ => throw new TokenizerException(
                $"tokenizer.json normalizer '{type}' is not supported (supported: Sequence, Prepend, Replace, NFC, Lowercase, Strip)."),
        };
    }

    private static IEnumerable<Normalizer> Children(JsonElement json)
    {
        if (JsonFields.Get(json, "normalizers") is not { ValueKind: JsonValueKind.Array } list)
        {
            yield break;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (Read(item) is { } normalizer)
            {
                yield return normalizer;
            }
        }
    }

    private static ReplaceNormalizer Replace(JsonElement json)
    {
        var (literal, regex) = PatternReader.Read(json, "the Replace normalizer");
        return new ReplaceNormalizer(literal, regex, JsonFields.String(json, "content") ?? string.Empty);
    }
}
