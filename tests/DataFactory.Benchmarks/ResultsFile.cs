using System.Runtime.InteropServices;

namespace DataFactory.Benchmarks;

/// <summary>Writes a benchmark's figures to benchmarks/results/&lt;name&gt;.md at the repository root.</summary>
internal static class ResultsFile
{
    public static string Write(string name, string markdown)
    {
        var root = FindRepositoryRoot(Directory.GetCurrentDirectory()) ?? FindRepositoryRoot(AppContext.BaseDirectory)
            ?? Directory.GetCurrentDirectory();
        var folder = Path.Combine(root, "benchmarks", "results");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".md");
        File.WriteAllText(path, markdown);
        return path;
    }

    /// <summary>A description of the machine for the results file.</summary>
    public static string MachineDescription()
    {
        var cpu = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
        {
            var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (model is not null)
            {
                cpu = model[(model.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        // The load tells whether other work shared the cores, which the latency tail reflects.
        var load = File.Exists("/proc/loadavg") ? $", load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end" : string.Empty;
        return $"{cpu}, {Environment.ProcessorCount} logical cores visible{load}, {RuntimeInformation.OSDescription}, "
            + $"{RuntimeInformation.FrameworkDescription} {RuntimeInformation.ProcessArchitecture}";
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DataFactory.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
