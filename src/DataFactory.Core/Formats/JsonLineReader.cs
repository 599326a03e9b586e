namespace DataFactory.Core.Formats;

/// <summary>
/// Splits a stream into lines at '\n' (a trailing '\r' is dropped, and a UTF-8 byte order mark at
/// the start) with a buffer that never grows past the line limit: a longer line is read through
/// to its end without being kept, so a huge line costs time, not memory.
/// </summary>
internal sealed class JsonLineReader
{
    private const int InitialBufferBytes = 64 * 1024;

    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanned;
    private bool _endOfStream;
    private bool _atStart = true;

    public JsonLineReader(Stream stream, int maxLineBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _stream = stream;
        _maxLineBytes = maxLineBytes;

        // Room for the longest line plus "\r\n", so a line at the limit is still seen whole.
        _buffer = new byte[(int)Math.Min(InitialBufferBytes, (long)maxLineBytes + 2)];
    }

    /// <summary>The number of lines returned so far.</summary>
    public int LinesRead { get; private set; }

    public bool TryReadLine(out RawLine line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = _scanned + newline;
                line = Take(_start, lineEnd);
                _start = _scanned = lineEnd + 1;
                return true;
            }

            _scanned = _end;
            if (_endOfStream)
            {
                if (_start < _end)
                {
                    line = Take(_start, _end);
                    _start = _scanned = _end;
                    return true;
                }

                line = default;
                return false;
            }

            if (_start == 0 && _end == _buffer.Length && !TryGrow())
            {
                line = SkipLongLine();
                return true;
            }

            Fill();
        }
    }

    private RawLine Take(int start, int end)
    {
        var span = _buffer.AsSpan(start, end - start);
        if (_atStart)
        {
            _atStart = false;
            if (span.StartsWith(ByteOrderMark))
            {
                start += ByteOrderMark.Length;
            }
        }

        if (end > start && _buffer[end - 1] == (byte)'\r')
        {
            end--;
        }

        var number = ++LinesRead;
        var length = end - start;
        return length > _maxLineBytes
            ? new RawLine(number, ReadOnlyMemory<byte>.Empty, TooLong: true, length)
            : new RawLine(number, _buffer.AsMemory(start, length), TooLong: false, length);
    }

    private bool TryGrow()
    {
        var limit = (long)_maxLineBytes + 2;
        if (_buffer.Length >= limit)
        {
            return false;
        }

        // Double, but jump straight to the limit (the line plus "\r\n") rather than stopping two
        // bytes short of it and allocating once more.
        var size = (long)_buffer.Length * 2;
        var grown = new byte[size >= limit - 2 ? limit : size];
        _buffer.AsSpan(0, _end).CopyTo(grown);
        _buffer = grown;
        return true;
    }

    /// <summary>The buffer holds only the start of an over-long line: count the rest and drop it.</summary>
    private RawLine SkipLongLine()
    {
        _atStart = false;
        long length = _end;
        _start = _end = _scanned = 0;
        while (true)
        {
            var read = _stream.Read(_buffer, 0, _buffer.Length);
            if (read == 0)
            {
                _endOfStream = true;
                break;
            }

            var newline = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                length += newline;
                _start = _scanned = newline + 1;
                _end = read;
                break;
            }

            length += read;
        }

        return new RawLine(++LinesRead, ReadOnlyMemory<byte>.Empty, TooLong: true, length);
    }

    private void Fill()
    {
        if (_start > 0)
        {
            // Move the partial line to the front so the buffer only ever holds one line.
            var pending = _end - _start;
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _scanned -= _start;
            _start = 0;
            _end = pending;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfStream = true;
        }
        else
        {
            _end += read;
        }
    }
}
