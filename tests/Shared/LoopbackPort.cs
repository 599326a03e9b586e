using System.Net;
using System.Net.Sockets;

namespace DataFactory.Testing;

/// <summary>
/// Free loopback ports: for a server a test starts, or one nothing listens on (bound, then released).
/// Compiled into each test project that needs it (linked from tests/Shared).
/// </summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
