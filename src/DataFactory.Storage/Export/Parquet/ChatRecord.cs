using System.Text.Json.Serialization;

namespace DataFactory.Storage.Export;

/// <summary>A row of the chat layout: <c>messages</c>, a list of <c>{role, content}</c>, as TRL's SFT trainer reads it.</summary>
internal sealed class ChatRecord
{
    [JsonPropertyName("messages")]
    public List<ChatMessage> Messages { get; set; } = [];
}
