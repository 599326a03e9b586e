using System.Text.Json;

namespace DataFactory.Storage.Export;

/// <summary>
/// Writes preference and kto lines, in TRL's standard form (strings) or its conversational form
/// (lists of messages), through a <see cref="JsonLineBuffer"/>.
/// </summary>
internal sealed class PairLineWriter(Stream output, bool conversational, string? systemPrompt) : IPairSink, IAsyncDisposable
{
    private readonly JsonLineBuffer _lines = new(output);

    public long Bytes => _lines.Bytes;

    public ValueTask WritePairAsync(string prompt, string chosen, string rejected, CancellationToken cancellationToken)
    {
        var json = Start();
        WritePrompt(json, prompt);
        WriteCompletion(json, "chosen", chosen);
        WriteCompletion(json, "rejected", rejected);
        return EndAsync(json, cancellationToken);
    }

    public ValueTask WriteLabelledAsync(string prompt, string completion, bool label, CancellationToken cancellationToken)
    {
        var json = Start();
        WritePrompt(json, prompt);
        WriteCompletion(json, "completion", completion);
        json.WriteBoolean("label", label);
        return EndAsync(json, cancellationToken);
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => _lines.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => _lines.DisposeAsync();

    private Utf8JsonWriter Start()
    {
        var json = _lines.Writer;
        json.WriteStartObject();
        return json;
    }

    private ValueTask EndAsync(Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        json.WriteEndObject();
        return _lines.EndLineAsync(cancellationToken);
    }

    private void WritePrompt(Utf8JsonWriter json, string prompt)
    {
        if (!conversational)
        {
            json.WriteString("prompt", prompt);
            return;
        }

        json.WriteStartArray("prompt");
        if (systemPrompt is not null)
        {
            Message(json, "system", systemPrompt);
        }

        Message(json, "user", prompt);
        json.WriteEndArray();
    }

    private void WriteCompletion(Utf8JsonWriter json, string name, string text)
    {
        if (!conversational)
        {
            json.WriteString(name, text);
            return;
        }

        json.WriteStartArray(name);
        Message(json, "assistant", text);
        json.WriteEndArray();
    }

    private static void Message(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }
}
