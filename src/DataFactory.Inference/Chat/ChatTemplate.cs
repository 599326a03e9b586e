using System.Text;
using System.Text.Json;
using DataFactory.Inference.Tokenization;

namespace DataFactory.Inference.Chat;

/// <summary>
/// A model's chat template, rendered natively for the common families (ChatML, Llama 3, Llama 2,
/// Phi-3, Zephyr) recognised from markers in the Jinja source; no Jinja engine runs. A folder
/// without a template renders <see cref="ChatTemplateFamily.Plain"/>.
/// </summary>
public sealed class ChatTemplate
{
    private readonly IChatRenderer _renderer;

    private ChatTemplate(ChatTemplateFamily family, IChatRenderer renderer, string? source, string? defaultSystemMessage)
    {
        Family = family;
        _renderer = renderer;
        Source = source;
        DefaultSystemMessage = defaultSystemMessage;
    }

    /// <summary>The plain format for models without a template.</summary>
    public static ChatTemplate Plain { get; } = new(ChatTemplateFamily.Plain, new PlainRenderer(), null, null);

    /// <summary>The family the template was recognised as.</summary>
    public ChatTemplateFamily Family { get; }

    /// <summary>The Jinja source, or null for <see cref="Plain"/>.</summary>
    public string? Source { get; }

    /// <summary>The system message the template inserts when a conversation has none (Qwen2's "You are a helpful assistant."), if any.</summary>
    public string? DefaultSystemMessage { get; }

    /// <summary>
    /// Reads the template of a model folder: tokenizer_config.json's <c>chat_template</c> (a string, or a
    /// list of {name, template} where "default" wins), else chat_template.jinja, else chat_template.json.
    /// </summary>
    /// <param name="modelDirectory">The model folder.</param>
    /// <returns>The template; <see cref="Plain"/> when the folder has none.</returns>
    /// <exception cref="ChatTemplateException">The template is of an unknown family.</exception>
    public static ChatTemplate Load(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        var config = TokenizerConfig.Load(modelDirectory);
        var source = FromJson(config.ChatTemplate) ?? FromSeparateFiles(modelDirectory);
        return Parse(source, config.BosToken, config.EosToken);
    }

    /// <summary>Recognises a template from its Jinja source.</summary>
    /// <param name="source">Jinja source; null or blank gives <see cref="Plain"/>.</param>
    /// <param name="bosToken">tokenizer_config.json's bos_token, for templates that write it.</param>
    /// <param name="eosToken">tokenizer_config.json's eos_token, for templates that write it.</param>
    /// <returns>The template.</returns>
    /// <exception cref="ChatTemplateException">The template is of an unknown family, or needs a token it was not given.</exception>
    public static ChatTemplate Parse(string? source, string? bosToken = null, string? eosToken = null)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return Plain;
        }

        var (family, renderer, defaultSystem) = ChatTemplateDetector.Detect(source, bosToken, eosToken);
        return new ChatTemplate(family, renderer, source, defaultSystem);
    }

    /// <summary>Writes a conversation as the model's prompt text.</summary>
    /// <param name="messages">The turns, in order.</param>
    /// <param name="addGenerationPrompt">Whether to end with the opening of an assistant turn.</param>
    /// <returns>The prompt text, with the template's special tokens written out (encode it without adding special tokens).</returns>
    /// <exception cref="ChatTemplateException">The template rejects the conversation (e.g. Llama 2 roles not alternating).</exception>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message);
            ArgumentException.ThrowIfNullOrEmpty(message.Role, nameof(messages));
            ArgumentNullException.ThrowIfNull(message.Content, nameof(messages));
        }

        var output = new StringBuilder();
        _renderer.Render(messages, addGenerationPrompt, output);
        return output.ToString();
    }

    private static string? FromJson(JsonElement? value)
    {
        switch (value)
        {
            case { ValueKind: JsonValueKind.String } text:
                return text.GetString();
            case { ValueKind: JsonValueKind.Array } list:
            {
                string? first = null;
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object
                        || !item.TryGetProperty("template", out var template)
                        || template.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    first ??= template.GetString();
                    if (item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == "default")
                    {
                        return template.GetString();
                    }
                }

                return first;
            }

            default:
                return null;
        }
    }

    private static string? FromSeparateFiles(string modelDirectory)
    {
        var jinja = Path.Combine(modelDirectory, "chat_template.jinja");
        if (File.Exists(jinja))
        {
            return File.ReadAllText(jinja);
        }

        var json = Path.Combine(modelDirectory, "chat_template.json");
        if (!File.Exists(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(json));
            return document.RootElement.TryGetProperty("chat_template", out var value) ? FromJson(value) : null;
        }
        catch (JsonException exception)
        {
            throw new ChatTemplateException($"{json} is not valid JSON: {exception.Message}", exception);
        }
    }
}
