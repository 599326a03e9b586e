using System.Security.Cryptography;
using System.Text;

namespace DataFactory.Worker.Serving;

/// <summary>
/// Compares a request's bearer token with the key in constant time: both are hashed first, so neither the
/// key's length nor a matching prefix shows in the time taken.
/// </summary>
internal sealed class ApiKeyCheck(string? apiKey)
{
    private readonly byte[]? _expected = string.IsNullOrEmpty(apiKey) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    public bool Required => _expected is not null;

    /// <summary>Whether the Authorization header carries the key (always, when no key is set).</summary>
    public bool Allows(string? authorization)
    {
        if (_expected is null)
        {
            return true;
        }

        const string Scheme = "Bearer ";
        var token = authorization is not null && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            ? authorization[Scheme.Length..].Trim()
            : string.Empty;
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), _expected);
    }
}
