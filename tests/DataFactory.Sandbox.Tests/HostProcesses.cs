namespace DataFactory.Sandbox.Tests;

/// <summary>Looks at the host's process table, where sandboxed processes show up under host pids.</summary>
internal static class HostProcesses
{
    /// <summary>A marker that, given as a program argument inside a sandbox, finds that process from outside.</summary>
    public static string NewMarker() => $"{Random.Shared.Next(100_000, 999_999)}.{Random.Shared.Next(100_000, 999_999)}";

    /// <summary>Live processes whose command line has <paramref name="argument"/> as an argument.</summary>
    public static int CountWithArgument(string argument)
    {
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (arguments.Contains(argument))
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // It exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return count;
    }
}
