using System.Text.Json.Serialization;

namespace DataFactory.Storage.Export;

/// <summary>A row of the raw layout: the JSON Lines raw record with its statistics as flat columns.</summary>
internal sealed class RawRecord
{
    [JsonPropertyName("set")]
    public string Set { get; set; } = "";

    [JsonPropertyName("problem_id")]
    public string ProblemId { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("prompt")]
    public string Prompt { get; set; } = "";

    [JsonPropertyName("answer")]
    public string? Answer { get; set; }

    [JsonPropertyName("run_id")]
    public string RunId { get; set; } = "";

    [JsonPropertyName("trace_id")]
    public long TraceId { get; set; }

    [JsonPropertyName("completion")]
    public string Completion { get; set; } = "";

    [JsonPropertyName("final_answer")]
    public string? FinalAnswer { get; set; }

    [JsonPropertyName("token_count")]
    public int TokenCount { get; set; }

    [JsonPropertyName("verifier")]
    public string Verifier { get; set; } = "";

    [JsonPropertyName("flawed")]
    public bool Flawed { get; set; }

    [JsonPropertyName("consensus")]
    public bool Consensus { get; set; }

    [JsonPropertyName("vote_share")]
    public double? VoteShare { get; set; }

    [JsonPropertyName("step_check")]
    public string? StepCheck { get; set; }

    [JsonPropertyName("candidates")]
    public long Candidates { get; set; }

    [JsonPropertyName("correct")]
    public long Correct { get; set; }

    [JsonPropertyName("pass_rate")]
    public double? PassRate { get; set; }

    [JsonPropertyName("tokens")]
    public long Tokens { get; set; }

    [JsonPropertyName("metadata")]
    public string? Metadata { get; set; }
}
