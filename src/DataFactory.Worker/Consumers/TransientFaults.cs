using System.Data.Common;
using System.Net.Sockets;

namespace DataFactory.Worker.Consumers;

/// <summary>Faults worth retrying: the database or broker is unreachable or timed out.</summary>
internal static class TransientFaults
{
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbException { IsTransient: true }:
                case TimeoutException:
                case SocketException:
                case IOException:
                    return true;
                case DbException db when db.GetType().Name == "PostgresException" && IsConnectionState(db.SqlState):
                    return true;
            }
        }

        return false;
    }

    // Class 08 (connection), 57P01-03 (admin shutdown, crash shutdown, cannot connect now), 53 (resources).
    private static bool IsConnectionState(string? sqlState) =>
        sqlState is not null && (sqlState.StartsWith("08", StringComparison.Ordinal)
            || sqlState.StartsWith("57P0", StringComparison.Ordinal)
            || sqlState.StartsWith("53", StringComparison.Ordinal));
}
