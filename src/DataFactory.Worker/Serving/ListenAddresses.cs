using System.Net;

namespace DataFactory.Worker.Serving;

/// <summary>Which listen addresses reach beyond this machine (anything but loopback), so that those need an API key.</summary>
internal static class ListenAddresses
{
    /// <summary>The addresses among <paramref name="urls"/> that are not loopback (a wildcard, a routable address or a host name).</summary>
    public static IReadOnlyList<string> BeyondLoopback(IEnumerable<string> urls) =>
        [.. urls.Where(url => !IsLoopback(url))];

    private static bool IsLoopback(string url)
    {
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
