using System.Text.Json;
using DataFactory.Inference.Tokenization.Json;

namespace DataFactory.Inference.Tokenization;

/// <summary>
/// What the loader and the chat template need from a model folder's tokenizer_config.json
/// (all optional): the named special tokens, the chat template source and the BOS/EOS flags.
/// </summary>
internal sealed class TokenizerConfig
{
    public const string FileName = "tokenizer_config.json";

    public string? BosToken { get; private init; }

    public string? EosToken { get; private init; }

    public string? PadToken { get; private init; }

    public string? UnknownToken { get; private init; }

    /// <summary>The chat_template value as JSON (a string, or a list of {name, template}), if any.</summary>
    public JsonElement? ChatTemplate { get; private init; }

    public bool? AddBosToken { get; private init; }

    public bool? AddEosToken { get; private init; }

    /// <summary>added_tokens_decoder: id to content, for tokenizers read from tokenizer.model.</summary>
    public IReadOnlyDictionary<string, int> AddedTokens { get; private init; } = new Dictionary<string, int>();

    public static TokenizerConfig Empty { get; } = new();

    /// <summary>Reads the file from a model folder; an absent file gives <see cref="Empty"/>.</summary>
    public static TokenizerConfig Load(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, FileName);
        if (!File.Exists(path))
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var added = new Dictionary<string, int>(StringComparer.Ordinal);
            if (JsonFields.Get(root, "added_tokens_decoder") is { ValueKind: JsonValueKind.Object } decoder)
            {
                foreach (var entry in decoder.EnumerateObject())
                {
                    if (int.TryParse(entry.Name, System.Globalization.CultureInfo.InvariantCulture, out var id)
                        && JsonFields.String(entry.Value, "content") is { } content)
                    {
                        added[content] = id;
                    }
                }
            }

            return new TokenizerConfig
            {
                BosToken = JsonFields.TokenContent(root, "bos_token"),
                EosToken = JsonFields.TokenContent(root, "eos_token"),
                PadToken = JsonFields.TokenContent(root, "pad_token"),
                UnknownToken = JsonFields.TokenContent(root, "unk_token"),
                ChatTemplate = JsonFields.Get(root, "chat_template")?.Clone(),
                AddBosToken = JsonFields.Get(root, "add_bos_token") is { } bos && bos.ValueKind is JsonValueKind.True or JsonValueKind.False ? bos.GetBoolean() : null,
                AddEosToken = JsonFields.Get(root, "add_eos_token") is { } eos && eos.ValueKind is JsonValueKind.True or JsonValueKind.False ? eos.GetBoolean() : null,
                AddedTokens = added,
            };
        }
        catch (JsonException exception)
        {
            throw new TokenizerException($"{path} is not valid JSON: {exception.Message}", exception);
        }
    }
}
