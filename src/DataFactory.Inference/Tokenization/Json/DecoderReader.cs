using System.Text.Json;
using DataFactory.Inference.Tokenization.Decoding;
using DataFactory.Inference.Tokenization.PreTokenization;

namespace DataFactory.Inference.Tokenization.Json;

/// <summary>Builds the <c>decoder</c> of tokenizer.json.</summary>
internal static class DecoderReader
{
    public static TokenDecoderStep? Read(JsonElement? element)
    {
        if (element is not { } json)
        {
            return null;
        }

        var type = JsonFields.Type(json, "decoder");
        return type switch
        {
            "Sequence" => new SequenceDecoder([.. Children(json)]),
            "ByteLevel" => new ByteLevelDecoder(),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Replace" => Replace(json),
            "Strip" => Strip(json),
            "Metaspace" => new MetaspaceDecoder(PreTokenizerReader.Replacement(json), PreTokenizerReader.Scheme(json) != PrependScheme.Never),
            "BPEDecoder" => new BpeSuffixDecoder(JsonFields.String(json, "suffix") ?? "</w>"),
            _ => throw new TokenizerException(
                $"tokenizer.json decoder '{type}' is not supported (supported: Sequence, ByteLevel, ByteFallback, Fuse, Replace, Strip, Metaspace, BPEDecoder)."),
        };
    }

    private static IEnumerable<TokenDecoderStep> Children(JsonElement json)
    {
        if (JsonFields.Get(json, "decoders") is not { ValueKind: JsonValueKind.Array } list)
        {
            yield break;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (Read(item) is { } step)
            {
                yield return step;
            }
        }
    }

    private static ReplaceDecoder Replace(JsonElement json)
    {
        var (literal, regex) = PatternReader.Read(json, "the Replace decoder");
        return new ReplaceDecoder(literal, regex, JsonFields.String(json, "content") ?? string.Empty);
    }

    private static StripDecoder Strip(JsonElement json)
    {
        var content = JsonFields.String(json, "content") ?? " ";
        if (content.Length != 1)
        {
            throw new TokenizerException($"Strip decoder content '{content}' is not one character.");
        }

        return new StripDecoder(content[0], JsonFields.Int(json, "start", 0), JsonFields.Int(json, "stop", 0));
    }
}
