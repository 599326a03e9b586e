using System.Diagnostics;
using System.Globalization;

namespace DataFactory.Benchmarks.Storage;

/// <summary>
/// CPU seconds spent by this process and by the PostgreSQL server (its postmaster's children, live
/// and exited), read from /proc. On a machine shared with other work, CPU cost per trace is the
/// figure that does not depend on what else runs; wall-clock rates do.
/// </summary>
internal sealed class CpuMeter(int postmasterPid)
{
    private static readonly double TicksPerSecond = 100.0;

    public static async Task<CpuMeter?> ForServerAsync(BenchDatabase database, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var backend = int.Parse(await database.ScalarAsync("SELECT pg_backend_pid()", cancellationToken), CultureInfo.InvariantCulture);
        var stat = Stat(backend);
        return stat is null ? null : new CpuMeter(int.Parse(stat[3], CultureInfo.InvariantCulture));
    }

    public (double Client, double Server) Snapshot()
    {
        var client = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        double server = 0;
        var postmaster = Stat(postmasterPid);
        if (postmaster is not null)
        {
            // utime, stime, cutime, cstime: fields 14 to 17.
            server += (Ticks(postmaster[13]) + Ticks(postmaster[14]) + Ticks(postmaster[15]) + Ticks(postmaster[16])) / TicksPerSecond;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            var stat = Stat(pid);
            if (stat is not null && stat[3] == postmasterPid.ToString(CultureInfo.InvariantCulture))
            {
                server += (Ticks(stat[13]) + Ticks(stat[14])) / TicksPerSecond;
            }
        }

        return (client, server);
    }

    private static long Ticks(string field) => long.Parse(field, CultureInfo.InvariantCulture);

    /// <summary>The fields of /proc/PID/stat, with the command name (which may hold spaces) as one field.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            var rest = text[(close + 2)..].Split(' ');
            return [text[..text.IndexOf(' ', StringComparison.Ordinal)], text[(text.IndexOf('(', StringComparison.Ordinal) + 1)..close], .. rest];
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
