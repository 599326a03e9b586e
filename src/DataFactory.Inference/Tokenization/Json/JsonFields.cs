using System.Text.Json;

namespace DataFactory.Inference.Tokenization.Json;

/// <summary>Optional-field reads for tokenizer.json and its companion files, which omit defaults freely.</summary>
internal static class JsonFields
{
    /// <summary>The property, or null when it is absent or JSON null.</summary>
    public static JsonElement? Get(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string? String(JsonElement element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static bool Bool(JsonElement element, string name, bool fallback) =>
        Get(element, name) is { } value && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : fallback;

    public static int Int(JsonElement element, string name, int fallback) =>
        Get(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : fallback;

    /// <summary>The <c>type</c> of a component, or throws naming the component.</summary>
    public static string Type(JsonElement element, string component) =>
        String(element, "type") ?? throw new TokenizerException($"A {component} in tokenizer.json has no type.");

    /// <summary>A token given as a string or as an added-token object with <c>content</c>.</summary>
    public static string? TokenContent(JsonElement element, string name) =>
        Get(element, name) switch
        {
            { ValueKind: JsonValueKind.String } value => value.GetString(),
            { ValueKind: JsonValueKind.Object } value => String(value, "content"),
            _ => null,
        };

    /// <summary>One id or the ids of a list (generation_config's eos_token_id may be either).</summary>
    public static List<int> Ids(JsonElement element, string name)
    {
        var ids = new List<int>();
        switch (Get(element, name))
        {
            case { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var id):
                ids.Add(id);
                break;
            case { ValueKind: JsonValueKind.Array } value:
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var listed))
                    {
                        ids.Add(listed);
                    }
                }

                break;
        }

        return ids;
    }
}
