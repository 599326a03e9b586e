using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataFactory.Storage.Export;

/// <summary>
/// Writes preference and kto lines, in TRL's standard form (strings) or its conversational form
/// (lists of messages), through a reused buffer handed to the stream in large chunks.
/// </summary>
internal sealed class PairLineWriter(Stream output, bool conversational, string? systemPrompt) : IPairSink, IAsyncDisposable
{
    private const int ChunkBytes = 256 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(ChunkBytes * 2);
    private Utf8JsonWriter? _json;

    public long Bytes { get; private set; }

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

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount > 0)
        {
            await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
            Bytes += _buffer.WrittenCount;
            _buffer.ResetWrittenCount();
        }

        await output.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_json is not null)
        {
            await _json.DisposeAsync();
        }
    }

    private Utf8JsonWriter Start()
    {
        _json ??= new Utf8JsonWriter(_buffer, WriterOptions);
        _json.WriteStartObject();
        return _json;
    }

    private async ValueTask EndAsync(Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        json.WriteEndObject();
        json.Flush();
        json.Reset();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        if (_buffer.WrittenCount >= ChunkBytes)
        {
            await FlushAsync(cancellationToken);
        }
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
