using System.Data.Common;
using System.Net.Sockets;
using DataFactory.Inference.Backends;

namespace DataFactory.Worker.Consumers;

/// <summary>Faults worth retrying: the database, broker or generation server is unreachable, overloaded or timed out.</summary>
internal static class TransientFaults
{
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (IsTransientItself(e))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What a transient fault is, for telling one recurring cause from another: the type of the first
    /// exception in the chain that makes it transient, with its SQL state or socket error when it has
    /// one (<c>Npgsql.PostgresException 57P03</c>, <c>System.Net.Sockets.SocketException ConnectionRefused</c>).
    /// Messages are left out: they carry times, addresses and ids that differ from one try to the next.
    /// </summary>
    public static string Cause(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (IsTransientItself(e))
            {
                return e switch
                {
                    DbException { SqlState: { Length: > 0 } state } => $"{e.GetType().FullName} {state}",
                    SocketException socket => $"{e.GetType().FullName} {socket.SocketErrorCode}",
                    GenerationBackendException { StatusCode: { } status } => $"{e.GetType().FullName} {status}",
                    _ => e.GetType().FullName ?? e.GetType().Name,
                };
            }
        }

        return exception.GetType().FullName ?? exception.GetType().Name;
    }

    private static bool IsTransientItself(Exception e) => e switch
    {
        GenerationBackendException { IsTransient: true } or DbException { IsTransient: true } or TimeoutException or SocketException or IOException => true,
        DbException db when db.GetType().Name == "PostgresException" && IsConnectionState(db.SqlState) => true,
        _ => false,
    };

    // Class 08 (connection), 57P01-03 (admin shutdown, crash shutdown, cannot connect now), 53 (resources).
    private static bool IsConnectionState(string? sqlState) =>
        sqlState is not null && (sqlState.StartsWith("08", StringComparison.Ordinal)
            || sqlState.StartsWith("57P0", StringComparison.Ordinal)
            || sqlState.StartsWith("53", StringComparison.Ordinal));
}
