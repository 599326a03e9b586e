using System.Text.Json;

namespace DataFactory.Inference.Tokenization.Json;

/// <summary>Reads the single-sequence template of tokenizer.json's <c>post_processor</c>.</summary>
internal static class PostProcessorReader
{
    public static SpecialTokenTemplate Read(JsonElement? element)
    {
        if (element is not { } json)
        {
            return SpecialTokenTemplate.None;
        }

        var type = JsonFields.Type(json, "post_processor");
        switch (type)
        {
            case "ByteLevel":
                return SpecialTokenTemplate.None;
            case "TemplateProcessing":
                return Template(json);
            case "RobertaProcessing":
            case "BertProcessing":
                return new SpecialTokenTemplate([PairId(json, "cls")], [PairId(json, "sep")]);
            case "Sequence":
            {
                var prefix = new List<int>();
                var suffix = new List<int>();
                if (JsonFields.Get(json, "processors") is { ValueKind: JsonValueKind.Array } list)
                {
                    foreach (var item in list.EnumerateArray())
                    {
                        var inner = Read(item);
                        prefix.AddRange(inner.Prefix);
                        suffix.AddRange(inner.Suffix);
                    }
                }

                return new SpecialTokenTemplate(prefix, suffix);
            }

            default:
                throw new TokenizerException(
                    $"tokenizer.json post_processor '{type}' is not supported (supported: TemplateProcessing, ByteLevel, RobertaProcessing, BertProcessing, Sequence).");
        }
    }

    private static SpecialTokenTemplate Template(JsonElement json)
    {
        var specials = JsonFields.Get(json, "special_tokens");
        var prefix = new List<int>();
        var suffix = new List<int>();
        var seenSequence = false;
        if (JsonFields.Get(json, "single") is { ValueKind: JsonValueKind.Array } single)
        {
            foreach (var piece in single.EnumerateArray())
            {
                if (JsonFields.Get(piece, "Sequence") is not null)
                {
                    seenSequence = true;
                    continue;
                }

                if (JsonFields.Get(piece, "SpecialToken") is not { } special || JsonFields.String(special, "id") is not { } name)
                {
                    continue;
                }

                var ids = specials is { } map && JsonFields.Get(map, name) is { } entry ? JsonFields.Ids(entry, "ids") : [];
                if (ids.Count == 0)
                {
                    throw new TokenizerException($"TemplateProcessing uses special token '{name}', which its special_tokens do not define.");
                }

                (seenSequence ? suffix : prefix).AddRange(ids);
            }
        }

        return new SpecialTokenTemplate(prefix, suffix);
    }

    private static int PairId(JsonElement json, string name) =>
        JsonFields.Get(json, name) is { ValueKind: JsonValueKind.Array } pair && pair.GetArrayLength() == 2 && pair[1].TryGetInt32(out var id)
            ? id
            : throw new TokenizerException($"post_processor field '{name}' is not a [token, id] pair.");
}
