using System.Text.Json.Serialization;

namespace DataFactory.Storage.Export;

/// <summary>A row of the kto layout: TRL's standard unpaired preference form.</summary>
internal sealed class KtoRecord
{
    [JsonPropertyName("prompt")]
    public string Prompt { get; set; } = "";

    [JsonPropertyName("completion")]
    public string Completion { get; set; } = "";

    [JsonPropertyName("label")]
    public bool Label { get; set; }
}
