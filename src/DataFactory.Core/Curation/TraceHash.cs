using System.Security.Cryptography;
using System.Text;

namespace DataFactory.Core.Curation;

/// <summary>
/// The identity of a trace within its problem: SHA-256 of the text with line endings unified and
/// runs of whitespace collapsed, so that traces differing only in spacing count as duplicates.
/// </summary>
public static class TraceHash
{
    /// <summary>Returns the lowercase hex SHA-256 of the normalised text.</summary>
    public static string Compute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalised = Normalise(text);
        var bytes = Encoding.UTF8.GetBytes(normalised);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    internal static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace && builder.Length > 0)
            {
                builder.Append(' ');
            }

            pendingSpace = false;
            builder.Append(c);
        }

        return builder.ToString();
    }
}
