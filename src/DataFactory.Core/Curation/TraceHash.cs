using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace DataFactory.Core.Curation;

/// <summary>
/// SHA-256 of a trace's normalised text: every run of white space (line breaks included) becomes
/// one space and the ends are trimmed, so two candidates that differ only in spacing are the same
/// trace. The normalised UTF-8 is produced in one buffer without intermediate strings: hashing
/// must stay cheap next to the bulk write it precedes.
/// </summary>
public static class TraceHash
{
    private const int StackBytes = 1024;

    private static readonly char[] WhiteSpaceChars =
        [.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace)];

    private static readonly SearchValues<char> WhiteSpace = SearchValues.Create(WhiteSpaceChars);

    private static readonly SearchValues<char> NonAsciiWhiteSpace = SearchValues.Create([.. WhiteSpaceChars.Where(c => c > 127)]);

    private static readonly SearchValues<byte> AsciiWhiteSpace = SearchValues.Create([.. WhiteSpaceChars.Where(c => c <= 127).Select(c => (byte)c)]);

    /// <summary>SHA-256 (32 bytes) of the normalised text.</summary>
    public static byte[] Compute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan().Trim();
        var maxBytes = Encoding.UTF8.GetMaxByteCount(span.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = span.ContainsAny(NonAsciiWhiteSpace) ? NormaliseBySegments(span, buffer) : NormaliseAscii(span, buffer);
            return SHA256.HashData(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The normalised text whose UTF-8 <see cref="Compute"/> hashes (for tests and diagnostics).</summary>
    internal static string Normalise(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// The usual case, all white space ASCII: encode once, then collapse runs in place. UTF-8
    /// continuation bytes are never ASCII, so bytes can be tested directly.
    /// </summary>
    private static int NormaliseAscii(ReadOnlySpan<char> trimmed, Span<byte> buffer)
    {
        var length = Encoding.UTF8.GetBytes(trimmed, buffer);
        var bytes = buffer[..length];
        var first = bytes.IndexOfAny(AsciiWhiteSpace);
        if (first < 0)
        {
            return length;
        }

        var write = first;
        var pendingSpace = false;
        for (var read = first; read < length; read++)
        {
            var b = bytes[read];
            if (b < 128 && AsciiWhiteSpace.Contains(b))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                bytes[write++] = (byte)' ';
                pendingSpace = false;
            }

            bytes[write++] = b;
        }

        return write;
    }

    /// <summary>Text with non-ASCII white space (rare): encode segment by segment between runs.</summary>
    private static int NormaliseBySegments(ReadOnlySpan<char> trimmed, Span<byte> buffer)
    {
        var length = 0;
        while (!trimmed.IsEmpty)
        {
            var space = trimmed.IndexOfAny(WhiteSpace);
            if (space < 0)
            {
                length += Encoding.UTF8.GetBytes(trimmed, buffer[length..]);
                break;
            }

            length += Encoding.UTF8.GetBytes(trimmed[..space], buffer[length..]);
            buffer[length++] = (byte)' ';

            // The text is trimmed, so a run of white space is always followed by more text.
            trimmed = trimmed[space..].TrimStart();
        }

        return length;
    }
}
