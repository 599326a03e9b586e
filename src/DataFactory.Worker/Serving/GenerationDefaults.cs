using System.Text.Json;

namespace DataFactory.Worker.Serving;

/// <summary>
/// The sampling defaults of the model folder's <c>generation_config.json</c>, applied to a request that leaves a
/// field out, as vLLM and SGLang do unless started otherwise; without the file, OpenAI's defaults (temperature 1, top-p 1).
/// </summary>
internal sealed record GenerationDefaults(float Temperature, float TopP, int TopK, bool Greedy)
{
    public static GenerationDefaults OpenAi { get; } = new(1f, 1f, 0, false);

    public static GenerationDefaults Read(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, "generation_config.json");
        if (!File.Exists(path))
        {
            return OpenAi;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var greedy = root.TryGetProperty("do_sample", out var sample) && sample.ValueKind == JsonValueKind.False;
        return new GenerationDefaults(
            Number(root, "temperature") is { } t ? (float)t : OpenAi.Temperature,
            Number(root, "top_p") is { } p ? (float)p : OpenAi.TopP,
            Number(root, "top_k") is { } k ? (int)k : OpenAi.TopK,
            greedy);
    }

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
