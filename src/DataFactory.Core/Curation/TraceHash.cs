using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace DataFactory.Core.Curation;

/// <summary>
/// SHA-256 of a trace's normalised text: every run of white space (line breaks included) becomes
/// one space and the ends are trimmed, so two candidates that differ only in spacing are the same
/// trace. Code is the exception (<see cref="ForKind"/>): indentation is syntax in Python, so two
/// programs that differ only in white space can be different programs, and only line endings and
/// the ends of the text are normalised. The normalised UTF-8 is produced in one buffer without intermediate strings: hashing
/// must stay cheap next to the bulk write it precedes.
/// </summary>
public static class TraceHash
{
    private const int StackBytes = 2048;

    private static readonly char[] WhiteSpaceChars =
        [.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace)];

    private static readonly SearchValues<char> WhiteSpace = SearchValues.Create(WhiteSpaceChars);

    private static readonly SearchValues<char> NonAsciiWhiteSpace = SearchValues.Create([.. WhiteSpaceChars.Where(c => c > 127)]);

    /// <summary>
    /// The non-ASCII white space outside U+2000..U+205F (U+0085, U+00A0, U+1680, U+3000): with that
    /// range, two vectorised scans that rule out non-ASCII white space, where one scan for the
    /// whole set (a probabilistic map) costs several times more.
    /// </summary>
    private static readonly SearchValues<char> NonAsciiWhiteSpaceOutsideRange =
        SearchValues.Create([.. WhiteSpaceChars.Where(c => c > 127 && c is < '\u2000' or > '\u205f')]);

    private static readonly SearchValues<byte> AsciiWhiteSpace = SearchValues.Create([.. WhiteSpaceChars.Where(c => c <= 127).Select(c => (byte)c)]);

    /// <summary>1 for the bytes that are ASCII white space, 0 for every other byte (256 entries).</summary>
    private static readonly byte[] IsAsciiWhiteSpace =
        [.. Enumerable.Range(0, 256).Select(b => (byte)(b <= 127 && char.IsWhiteSpace((char)b) ? 1 : 0))];

    /// <summary>SHA-256 (32 bytes) of the normalised text.</summary>
    public static byte[] Compute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan().Trim();
        var maxBytes = Encoding.UTF8.GetMaxByteCount(span.Length);
        byte[]? rented = null;
        var buffer = 2 * maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(2 * maxBytes));
        try
        {
            var length = HasNonAsciiWhiteSpace(span)
                ? NormaliseBySegments(span, buffer)
                : NormaliseAscii(span, buffer[maxBytes..(2 * maxBytes)], buffer);
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

    /// <summary>
    /// The hash a trace of a task kind is stored under: <see cref="ComputeExact"/> for <c>code</c>, where white
    /// space is part of the program, <see cref="Compute"/> for every other kind.
    /// </summary>
    public static byte[] ForKind(string text, string kind) =>
        string.Equals(kind, "code", StringComparison.Ordinal) ? ComputeExact(text) : Compute(text);

    /// <summary>SHA-256 of the text with its ends trimmed and <c>\r\n</c> as <c>\n</c>; inner white space counts.</summary>
    public static byte[] ComputeExact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.AsSpan().Trim();
        var normalised = trimmed.Contains('\r') ? trimmed.ToString().Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        return SHA256.HashData(Encoding.UTF8.GetBytes(normalised ?? trimmed.ToString()));
    }

    /// <summary>The normalised text whose UTF-8 <see cref="Compute"/> hashes (for tests and diagnostics).</summary>
    internal static string Normalise(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static bool HasNonAsciiWhiteSpace(ReadOnlySpan<char> text) =>
        (text.ContainsAnyInRange('\u2000', '\u205f') || text.ContainsAny(NonAsciiWhiteSpaceOutsideRange)) && text.ContainsAny(NonAsciiWhiteSpace);

    /// <summary>
    /// The usual case, all white space ASCII: encode once into <paramref name="utf8"/>, then copy to
    /// <paramref name="output"/> with every white space byte as a space and runs collapsed. UTF-8
    /// continuation bytes are never ASCII, so bytes can be tested directly. Blocks of a vector's
    /// width in which no white space follows white space (nearly all of a chain of thought: single
    /// spaces and line breaks) are copied with their white space replaced, a vector at a time; a
    /// block with a run goes byte by byte. The text is trimmed, so it starts and ends outside a run.
    /// </summary>
    private static int NormaliseAscii(ReadOnlySpan<char> trimmed, Span<byte> utf8, Span<byte> output)
    {
        var length = Encoding.UTF8.GetBytes(trimmed, utf8);
        ReadOnlySpan<byte> source = utf8[..length];
        var read = source.IndexOfAny(AsciiWhiteSpace);
        if (read < 0)
        {
            source.CopyTo(output);
            return length;
        }

        source[..read].CopyTo(output);
        var write = read;
        if (Vector.IsHardwareAccelerated)
        {
            ref var from = ref MemoryMarshal.GetReference(source);
            ref var to = ref MemoryMarshal.GetReference(output);
            var space = new Vector<byte>((byte)' ');
            var width = Vector<byte>.Count;
            while (read + width <= length)
            {
                // read >= 1: the text does not start with white space
                var current = Vector.LoadUnsafe(ref from, (nuint)read);
                var white = IsWhite(current);
                if ((white & IsWhite(Vector.LoadUnsafe(ref from, (nuint)(read - 1)))) == Vector<byte>.Zero)
                {
                    Vector.ConditionalSelect(white, space, current).StoreUnsafe(ref to, (nuint)write);
                    write += width;
                }
                else
                {
                    write = Collapse(source, read, read + width, output, write);
                }

                read += width;
            }
        }

        return Collapse(source, read, length, output, write);
    }

    /// <summary>ASCII white space lanes (space and U+0009..U+000D) as all-ones, the rest as zero.</summary>
    private static Vector<byte> IsWhite(Vector<byte> bytes) =>
        Vector.Equals(bytes, new Vector<byte>((byte)' ')) |
        Vector.LessThanOrEqual(bytes - new Vector<byte>((byte)'\t'), new Vector<byte>((byte)('\r' - '\t')));

    /// <summary>
    /// Appends source[from..to) to output at <paramref name="write"/>, each white space byte as a
    /// space and a run as one (source[from - 1] says whether a run is open). No data-dependent
    /// branch: every byte is written, and the position only advances past a byte that does not
    /// continue a run.
    /// </summary>
    private static int Collapse(ReadOnlySpan<byte> source, int from, int to, Span<byte> output, int write)
    {
        var table = IsAsciiWhiteSpace.AsSpan();
        int previous = table[source[from - 1]];
        for (var read = from; read < to; read++)
        {
            var b = source[read];
            int white = table[b];
            output[write] = (byte)(b + ((' ' - b) & -white));
            write += 1 - (white & previous);
            previous = white;
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
