using System.Runtime.InteropServices;

namespace DataFactory.Benchmarks;

/// <summary>Writes a benchmark's figures to benchmarks/results/&lt;name&gt;.md at the repository root.</summary>
internal static class ResultsFile
{
    public static string Write(string name, string markdown)
    {
        var folder = Path.Combine(RepositoryRoot(), "benchmarks", "results");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".md");
        File.WriteAllText(path, markdown);
        return path;
    }

    /// <summary>The repository root (the folder with DataFactory.sln) above the working or the output directory.</summary>
    public static string RepositoryRoot() =>
        FindRepositoryRoot(Directory.GetCurrentDirectory()) ?? FindRepositoryRoot(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory();

    /// <summary>
    /// A description of the machine for the results file, with the load average when it is written
    /// ("at the end": call it once the measurements are done, or pass <paramref name="withLoad"/> false
    /// and report the load yourself).
    /// </summary>
    public static string MachineDescription(bool withLoad = true)
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
        var load = withLoad && File.Exists("/proc/loadavg") ? $", load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end" : string.Empty;
        return $"{cpu}, {Environment.ProcessorCount} logical cores visible{load}, {RuntimeInformation.OSDescription}, "
            + $"{RuntimeInformation.FrameworkDescription} {RuntimeInformation.ProcessArchitecture}";
    }

    /// <summary>The commit the benchmark ran on (short hash, "+ uncommitted changes" when tracked files other than results files differ), for the results file.</summary>
    public static string Commit()
    {
        try
        {
            var head = Git("rev-parse --short HEAD");
            return Git("status --porcelain --untracked-files=no -- . \":(exclude)benchmarks/results\"").Length == 0 ? head : head + " + uncommitted changes";
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "unknown (git not available)";
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages, e.g. "3.10 2.95 2.80".</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Git(string arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {arguments} failed");
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
