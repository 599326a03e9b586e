using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace DataFactory.Storage.Writing;

/// <summary>
/// SHA-256 of a trace's normalised text: line endings unified, runs of white space collapsed to one
/// space, ends trimmed. Two candidates that differ only in spacing are the same trace.
/// </summary>
internal static class TraceHash
{
    public static byte[] Compute(string text)
    {
        var normalised = Normalise(text);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(normalised.Length);
        var rented = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            var length = Encoding.UTF8.GetBytes(normalised, rented);
            return SHA256.HashData(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    internal static string Normalise(string text)
    {
        var span = text.AsSpan().Trim();
        var builder = new StringBuilder(span.Length);
        var pendingSpace = false;
        foreach (var c in span)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
