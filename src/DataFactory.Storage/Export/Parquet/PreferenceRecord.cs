using System.Text.Json.Serialization;

namespace DataFactory.Storage.Export;

/// <summary>A row of the preference layout: TRL's standard preference form.</summary>
internal sealed class PreferenceRecord
{
    [JsonPropertyName("prompt")]
    public string Prompt { get; set; } = "";

    [JsonPropertyName("chosen")]
    public string Chosen { get; set; } = "";

    [JsonPropertyName("rejected")]
    public string Rejected { get; set; } = "";
}
