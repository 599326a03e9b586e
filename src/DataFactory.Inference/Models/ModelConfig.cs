using System.Text.Json;

namespace DataFactory.Inference.Models;

/// <summary>The fields of <c>config.json</c> and <c>generation_config.json</c> the engine cross-checks or needs.</summary>
internal sealed record ModelConfig
{
    public string? ModelType { get; init; }

    public int? Layers { get; init; }

    public int? AttentionHeads { get; init; }

    public int? KvHeads { get; init; }

    public int? HeadSize { get; init; }

    public int? HiddenSize { get; init; }

    public int? IntermediateSize { get; init; }

    public int? VocabularySize { get; init; }

    public int? ContextLength { get; init; }

    public bool TiedEmbeddings { get; init; }

    public IReadOnlySet<int> EosTokenIds { get; init; } = new HashSet<int>();

    public int? PadTokenId { get; init; }

    /// <summary>Reads the folder's configuration files; a missing <c>config.json</c> is an error, a missing generation config is not.</summary>
    public static ModelConfig Load(string directory)
    {
        var configPath = Path.Combine(directory, "config.json");
        if (!File.Exists(configPath))
        {
            throw new ModelLoadException($"Model folder '{directory}' has no config.json.");
        }

        try
        {
            using var config = JsonDocument.Parse(File.ReadAllBytes(configPath));
            var root = config.RootElement;
            var eos = new HashSet<int>();
            AddTokenIds(root, "eos_token_id", eos);
            int? pad = Int(root, "pad_token_id");

            var generationPath = Path.Combine(directory, "generation_config.json");
            if (File.Exists(generationPath))
            {
                using var generation = JsonDocument.Parse(File.ReadAllBytes(generationPath));
                AddTokenIds(generation.RootElement, "eos_token_id", eos);
                pad ??= Int(generation.RootElement, "pad_token_id");
            }

            var heads = Int(root, "num_attention_heads", "n_head");
            var hidden = Int(root, "hidden_size", "n_embd");
            return new ModelConfig
            {
                ModelType = root.TryGetProperty("model_type", out var type) && type.ValueKind == JsonValueKind.String
                    ? type.GetString()
                    : null,
                Layers = Int(root, "num_hidden_layers", "n_layer"),
                AttentionHeads = heads,
                KvHeads = Int(root, "num_key_value_heads") ?? heads,
                HeadSize = Int(root, "head_dim") ?? (hidden is { } h && heads is > 0 ? h / heads : null),
                HiddenSize = hidden,
                IntermediateSize = Int(root, "intermediate_size", "n_inner"),
                VocabularySize = Int(root, "vocab_size"),
                ContextLength = Int(root, "max_position_embeddings", "n_positions", "max_sequence_length", "seq_length"),
                TiedEmbeddings = root.TryGetProperty("tie_word_embeddings", out var tied) && tied.ValueKind == JsonValueKind.True,
                EosTokenIds = eos,
                PadTokenId = pad,
            };
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"'{configPath}' or its generation_config.json is not valid JSON: {ex.Message}", ex);
        }
    }

    private static int? Int(JsonElement root, params string[] names)
    {
        foreach (var name in names)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            {
                return number;
            }
        }

        return null;
    }

    private static void AddTokenIds(JsonElement root, string name, HashSet<int> into)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var single))
        {
            into.Add(single);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var id))
                {
                    into.Add(id);
                }
            }
        }
    }
}
