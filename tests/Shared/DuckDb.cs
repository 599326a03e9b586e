using System.Diagnostics;
using System.Text.Json;

namespace DataFactory.Testing;

/// <summary>
/// DuckDB, a tool independent of DataFactory, through <c>tests/duckdb/duckdb.mjs</c> (Node.js and the
/// npm package <c>@duckdb/node-api</c>, whose binaries ship inside it): it writes the Parquet shards the
/// import tests read and reads back the shards the export tests write. <c>tests/run.sh</c> installs
/// the package (<c>npm ci</c>); a test run without it installs it once. Compiled into each test
/// project that needs it (linked from tests/Shared).
/// </summary>
internal static class DuckDb
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    /// <summary>Runs the statements in order and returns the rows of the last one, as JSON objects.</summary>
    public static async Task<IReadOnlyList<JsonElement>> QueryAsync(params string[] statements)
    {
        var folder = await FolderAsync();
        var (exit, output, error) = await RunAsync("node", [Path.Combine(folder, "duckdb.mjs"), .. statements], folder);
        if (exit != 0)
        {
            throw new InvalidOperationException($"duckdb failed ({exit}): {error}");
        }

        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task<string> FolderAsync()
    {
        var folder = Path.Combine(Root(), "tests", "duckdb");
        await Install.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "@duckdb", "node-api")))
            {
                var (exit, _, error) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], folder);
                if (exit != 0)
                {
                    throw new InvalidOperationException($"npm ci in {folder} failed ({exit}): {error}");
                }
            }
        }
        finally
        {
            Install.Release();
        }

        return folder;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string program, IEnumerable<string> arguments, string folder)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataFactory.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DataFactory.sln not found above " + AppContext.BaseDirectory);
    }
}
