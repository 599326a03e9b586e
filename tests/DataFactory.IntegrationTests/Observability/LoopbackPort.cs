using System.Net;
using System.Net.Sockets;

namespace DataFactory.IntegrationTests.Observability;

/// <summary>Free loopback ports for the servers a test starts (bound, then released).</summary>
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
