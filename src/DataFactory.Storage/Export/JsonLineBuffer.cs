using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataFactory.Storage.Export;

/// <summary>
/// JSON Lines output through a reused buffer handed to the stream in large chunks: memory is bounded by the chunk
/// size plus the longest line, whatever the number of lines. Write a line's object with <see cref="Writer"/>, then
/// <see cref="EndLineAsync"/>.
/// </summary>
internal sealed class JsonLineBuffer(Stream output) : IAsyncDisposable
{
    private const int ChunkBytes = 256 * 1024;

    // Readable non-ASCII text; this is a data file, not HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(ChunkBytes * 2);
    private Utf8JsonWriter? _json;

    /// <summary>The encoder the lines use, for text escaped once and written many times.</summary>
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Bytes handed to the stream so far.</summary>
    public long Bytes { get; private set; }

    /// <summary>The writer of the current line.</summary>
    public Utf8JsonWriter Writer => _json ??= new Utf8JsonWriter(_buffer, WriterOptions);

    /// <summary>Ends the line written through <see cref="Writer"/>; hands a full chunk to the stream.</summary>
    public async ValueTask EndLineAsync(CancellationToken cancellationToken)
    {
        var json = Writer;
        json.Flush();
        json.Reset();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        if (_buffer.WrittenCount >= ChunkBytes)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Hands what is buffered to the stream and flushes it.</summary>
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
}
