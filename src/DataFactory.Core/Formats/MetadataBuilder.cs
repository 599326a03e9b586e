using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataFactory.Core.Formats;

/// <summary>Builds the JSON object text kept in <see cref="Problems.Problem.Metadata"/>.</summary>
internal sealed class MetadataBuilder : IDisposable
{
    // Metadata is stored as jsonb and read by people; HTML-safe escaping would turn GSM8K's
    // "<<48/2=24>>" into \u003C escapes for no benefit.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly Utf8JsonWriter _writer;
    private bool _empty = true;

    public MetadataBuilder()
    {
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
        _writer.WriteStartObject();
    }

    public void Add(string name, string value)
    {
        _writer.WriteString(name, value);
        _empty = false;
    }

    /// <summary>Copies a field of the line as it is, when present.</summary>
    public void CopyFrom(JsonElement line, string name)
    {
        if (LineFields.TryGet(line, name, out var value))
        {
            _writer.WritePropertyName(name);
            value.WriteTo(_writer);
            _empty = false;
        }
    }

    /// <summary>The object's JSON text, or null when nothing was added.</summary>
    public string? Build()
    {
        if (_empty)
        {
            return null;
        }

        _writer.WriteEndObject();
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    public void Dispose() => _writer.Dispose();
}
