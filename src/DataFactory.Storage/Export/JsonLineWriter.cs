using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataFactory.Storage.Export;

/// <summary>
/// Writes one JSON object per line (<see cref="JsonLineBuffer"/>: memory bounded by the chunk size plus the longest
/// line, whatever the number of lines).
/// </summary>
internal sealed class JsonLineWriter(Stream output, ExportFormat format, string? systemPrompt) : IExportSink, IAsyncDisposable
{
    private static readonly JavaScriptEncoder Encoder = JsonLineBuffer.Encoder;

    // Property names and fixed values are escaped once, not once per line.
    private static readonly JsonEncodedText Messages = JsonEncodedText.Encode("messages");
    private static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText System = JsonEncodedText.Encode("system");
    private static readonly JsonEncodedText User = JsonEncodedText.Encode("user");
    private static readonly JsonEncodedText Assistant = JsonEncodedText.Encode("assistant");
    private static readonly JsonEncodedText PromptName = JsonEncodedText.Encode("prompt");
    private static readonly JsonEncodedText Completion = JsonEncodedText.Encode("completion");

    private JsonEncodedText? _setName;
    private readonly JsonEncodedText? _systemPrompt = systemPrompt is null ? null : JsonEncodedText.Encode(systemPrompt, Encoder);
    private long _encodedProblem = -1;
    private JsonEncodedText _encodedPrompt;

    private readonly JsonLineBuffer _lines = new(output);

    public long Bytes => _lines.Bytes;

    public async ValueTask WriteAsync(ExportRow row, CancellationToken cancellationToken)
    {
        var json = _lines.Writer;
        if (row.ProblemId != _encodedProblem)
        {
            // A problem's prompt repeats on each of its traces: escape it once.
            _encodedPrompt = JsonEncodedText.Encode(row.Prompt, Encoder);
            _encodedProblem = row.ProblemId;
        }

        switch (format)
        {
            case ExportFormat.Chat:
                WriteChat(json, row);
                break;
            case ExportFormat.PromptCompletion:
                WritePromptCompletion(json, row);
                break;
            default:
                WriteRaw(json, row);
                break;
        }

        await _lines.EndLineAsync(cancellationToken);
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => _lines.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => _lines.DisposeAsync();

    private void WriteChat(Utf8JsonWriter json, ExportRow row)
    {
        json.WriteStartObject();
        json.WriteStartArray(Messages);
        if (_systemPrompt is { } system)
        {
            json.WriteStartObject();
            json.WriteString(Role, System);
            json.WriteString(Content, system);
            json.WriteEndObject();
        }

        json.WriteStartObject();
        json.WriteString(Role, User);
        json.WriteString(Content, _encodedPrompt);
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString(Role, Assistant);
        json.WriteString(Content, row.Text);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WritePromptCompletion(Utf8JsonWriter json, ExportRow row)
    {
        json.WriteStartObject();
        json.WriteString(PromptName, _encodedPrompt);
        json.WriteString(Completion, row.Text);
        json.WriteEndObject();
    }

    private void WriteRaw(Utf8JsonWriter json, ExportRow row)
    {
        json.WriteStartObject();
        _setName ??= JsonEncodedText.Encode(row.SetName, Encoder);
        json.WriteString("set", _setName.Value);
        json.WriteString("problem_id", row.ExternalId);
        json.WriteString("kind", row.Kind);
        json.WriteString(PromptName, _encodedPrompt);
        json.WriteString("answer", row.Answer);
        json.WriteString("run_id", row.RunId);
        json.WriteNumber("trace_id", row.TraceId);
        json.WriteString(Completion, row.Text);
        json.WriteString("final_answer", row.FinalAnswer);
        json.WriteNumber("token_count", row.TokenCount);
        json.WriteString("verifier", row.Verifier);
        json.WriteBoolean("flawed", row.Flawed);
        json.WriteBoolean("consensus", row.Consensus);
        if (row.VoteShare is { } share)
        {
            json.WriteNumber("vote_share", share);
        }
        else
        {
            json.WriteNull("vote_share");
        }

        json.WritePropertyName("step_check");
        if (row.StepCheck is null)
        {
            json.WriteNullValue();
        }
        else
        {
            // Written by the pipeline as a JSON object (jsonb on PostgreSQL).
            json.WriteRawValue(row.StepCheck, skipInputValidation: true);
        }

        json.WriteStartObject("stats");
        json.WriteNumber("candidates", row.Candidates);
        json.WriteNumber("correct", row.Correct);
        if (row.PassRate is { } passRate)
        {
            json.WriteNumber("pass_rate", passRate);
        }
        else
        {
            json.WriteNull("pass_rate");
        }

        json.WriteNumber("tokens", row.Tokens);
        json.WriteNumber("exhausted", row.Exhausted);
        json.WriteEndObject();
        json.WritePropertyName("metadata");
        if (row.Metadata is null)
        {
            json.WriteNullValue();
        }
        else
        {
            // Stored as a JSON object: jsonb on PostgreSQL, checked at import on SQLite.
            json.WriteRawValue(row.Metadata, skipInputValidation: true);
        }

        json.WriteEndObject();
    }
}
