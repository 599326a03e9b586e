using System.Text.Json.Serialization;

namespace DataFactory.Storage.Export;

/// <summary>One turn of a <see cref="ChatRecord"/>.</summary>
internal sealed class ChatMessage
{
    [JsonPropertyName("role")]
    public string Role { get; set; } = "";

    [JsonPropertyName("content")]
    public string Content { get; set; } = "";
}
