using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace DataFactory.Storage.Writing;

/// <summary>
/// The compressed form of a rejected candidate's text: UTF-8, Brotli at quality 4 (about a third of
/// the bytes for reasoning text, at well over 100 MB/s on one core; decompression is faster still,
/// so regrading and export are not held up by it).
/// </summary>
public static class CandidateText
{
    private const int Quality = 4;
    private const int Window = 22;

    /// <summary>Compresses <paramref name="text"/>.</summary>
    public static byte[] Compress(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, utf8);
            var compressed = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(length));
            try
            {
                if (!BrotliEncoder.TryCompress(utf8.AsSpan(0, length), compressed, out var written, Quality, Window))
                {
                    throw new InvalidOperationException("Brotli could not compress a candidate into its maximum compressed length.");
                }

                return compressed.AsSpan(0, written).ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(compressed);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>The text <see cref="Compress"/> compressed.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a Brotli stream.</exception>
    public static string Decompress(byte[] compressed)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        var size = Math.Max(1024, compressed.Length * 8);
        while (true)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                if (BrotliDecoder.TryDecompress(compressed, buffer, out var written))
                {
                    return Encoding.UTF8.GetString(buffer, 0, written);
                }

                // TryDecompress does not tell a short buffer from bad data: give up past any plausible size.
                if (size > 64 * Math.Max(1024, compressed.Length * 8))
                {
                    throw new InvalidDataException("A rejected candidate's text is not a Brotli stream.");
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            size *= 4;
        }
    }
}
