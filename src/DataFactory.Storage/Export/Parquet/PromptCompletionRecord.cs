using System.Text.Json.Serialization;

namespace DataFactory.Storage.Export;

/// <summary>A row of the prompt-completion layout.</summary>
internal sealed class PromptCompletionRecord
{
    [JsonPropertyName("prompt")]
    public string Prompt { get; set; } = "";

    [JsonPropertyName("completion")]
    public string Completion { get; set; } = "";
}
