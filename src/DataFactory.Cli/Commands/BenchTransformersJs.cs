using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataFactory.Cli.Commands;

/// <summary>Runs <c>benchmarks/transformersjs/bench.mjs</c> on the same prompt ids and settings as the engine.</summary>
internal static class BenchTransformersJs
{
    public static IReadOnlyList<BenchRunResult> Run(string scriptFolder, JsonObject workload, TextWriter progress, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(scriptFolder, "node_modules")))
        {
            progress.WriteLine($"bench: installing transformers.js in {scriptFolder} (npm ci)");
            Exec("npm", ["ci", "--no-audit", "--no-fund"], scriptFolder, progress, cancellationToken);
        }

        var workloadPath = Path.Combine(Path.GetTempPath(), $"datafactory-bench-{Environment.ProcessId}.json");
        File.WriteAllText(workloadPath, workload.ToJsonString());
        try
        {
            var output = Exec("node", ["bench.mjs", workloadPath], scriptFolder, progress, cancellationToken);
            return output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(line => line.StartsWith('{'))
                .Select(line => JsonNode.Parse(line)!)
                .Select(node => new BenchRunResult(
                    node["problems"]!.GetValue<int>(),
                    node["rows"]!.GetValue<int>(),
                    node["seconds"]!.GetValue<double>(),
                    node["tokens"]!.GetValue<long>()))
                .ToArray();
        }
        finally
        {
            File.Delete(workloadPath);
        }
    }

    private static string Exec(string program, string[] arguments, string folder, TextWriter progress, CancellationToken cancellationToken)
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

        // The CPU binaries ship inside onnxruntime-node; its install step would try to download CUDA ones.
        start.Environment["ONNXRUNTIME_NODE_INSTALL"] = "skip";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result.Trim()}");
        }

        progress.Write(stderr.Result);
        return stdout;
    }

    public static JsonObject Workload(
        string modelDirectory, string dtype, IReadOnlyList<IReadOnlyList<int>> prompts, IReadOnlyList<int> configs,
        int samples, int maxNewTokens, float temperature, int topK, IReadOnlySet<int> eos, int pad, int threads) => new()
        {
            ["model_root"] = Path.GetDirectoryName(Path.GetFullPath(modelDirectory).TrimEnd(Path.DirectorySeparatorChar)) + Path.DirectorySeparatorChar,
            ["model_name"] = Path.GetFileName(Path.GetFullPath(modelDirectory).TrimEnd(Path.DirectorySeparatorChar)),
            ["dtype"] = dtype,
            ["prompts"] = JsonSerializer.SerializeToNode(prompts),
            ["configs"] = JsonSerializer.SerializeToNode(configs),
            ["samples"] = samples,
            ["max_new_tokens"] = maxNewTokens,
            ["temperature"] = temperature,
            ["top_k"] = topK,
            ["top_p"] = 1.0,
            ["eos"] = JsonSerializer.SerializeToNode(eos.Order().ToArray()),
            ["pad"] = pad,
            ["threads"] = threads,
        };
}
