using System.Globalization;
using System.Text;

namespace DataFactory.Benchmarks.Storage;

/// <summary>Writes a storage benchmark's figures to benchmarks/results/NAME.md (relative to the repository root).</summary>
internal static class StorageReport
{
    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} logical cores ({cpu ?? "unknown CPU"}), {Environment.OSVersion}, .NET {Environment.Version}";
    }

    public static async Task<string> PostgresAsync(BenchDatabase database, CancellationToken cancellationToken)
    {
        var version = await database.ScalarAsync("SHOW server_version", cancellationToken);
        var fsync = await database.ScalarAsync("SHOW fsync", cancellationToken);
        var commit = await database.ScalarAsync("SHOW synchronous_commit", cancellationToken);
        var buffers = await database.ScalarAsync("SHOW shared_buffers", cancellationToken);
        return $"PostgreSQL {version} on loopback (fsync={fsync}, synchronous_commit={commit}, shared_buffers={buffers})";
    }

    public static string Write(string name, string body)
    {
        var root = FindRoot();
        var directory = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}.md");
        File.WriteAllText(path, body, new UTF8Encoding(false));
        return path;
    }

    public static string F(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DataFactory.sln")))
            {
                return directory.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
