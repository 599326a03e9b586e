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
        var settings = new List<string>();
        foreach (var name in new[] { "fsync", "synchronous_commit", "full_page_writes", "wal_init_zero", "shared_buffers" })
        {
            settings.Add($"{name}={await database.ScalarAsync($"SHOW {name}", cancellationToken)}");
        }

        var directory = await database.ScalarAsync("SHOW data_directory", cancellationToken);
        return $"PostgreSQL {version} on loopback ({string.Join(", ", settings)}; data directory on {FileSystemOf(directory)})";
    }

    /// <summary>The file system type of the mount holding <paramref name="path"/> (from /proc/mounts), or "unknown".</summary>
    private static string FileSystemOf(string path)
    {
        if (!File.Exists("/proc/mounts"))
        {
            return "unknown";
        }

        var best = (Mount: "", Type: "unknown");
        foreach (var line in File.ReadLines("/proc/mounts"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 2 && path.StartsWith(fields[1], StringComparison.Ordinal) && fields[1].Length > best.Mount.Length
                && (path.Length == fields[1].Length || fields[1] == "/" || path[fields[1].Length] == '/'))
            {
                best = (fields[1], fields[2]);
            }
        }

        return $"{best.Type} ({best.Mount})";
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
