using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataFactory.Cli.Commands;

/// <summary>
/// The transformers.js side: one <c>node benchmarks/transformersjs/bench.mjs</c> process on the same prompt ids and
/// settings as the engine, kept loaded and given one configuration at a time, so its runs interleave with the engine's.
/// </summary>
internal sealed class BenchTransformersJs : IDisposable
{
    private readonly Process _process;
    private readonly string _workloadPath;
    private readonly Task<string> _stderr;

    private BenchTransformersJs(Process process, string workloadPath)
    {
        _process = process;
        _workloadPath = workloadPath;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static BenchTransformersJs Start(string scriptFolder, JsonObject workload, TextWriter progress, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(scriptFolder, "node_modules")))
        {
            progress.WriteLine($"bench: installing transformers.js in {scriptFolder} (npm ci)");
            using var npm = Process.Start(StartInfo("npm", ["ci", "--no-audit", "--no-fund"], scriptFolder)) ?? throw new InvalidOperationException("Could not start npm.");
            var npmErrors = npm.StandardError.ReadToEndAsync(cancellationToken);
            progress.Write(npm.StandardOutput.ReadToEnd());
            npm.WaitForExit();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed ({npm.ExitCode}): {npmErrors.Result.Trim()}");
            }
        }

        var workloadPath = Path.Combine(Path.GetTempPath(), $"datafactory-bench-{Environment.ProcessId}.json");
        File.WriteAllText(workloadPath, workload.ToJsonString());
        var start = StartInfo("node", ["bench.mjs", workloadPath], scriptFolder);
        start.RedirectStandardInput = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var js = new BenchTransformersJs(process, workloadPath);
        try
        {
            js.ReadLine(cancellationToken);
            return js;
        }
        catch
        {
            js.Dispose();
            throw;
        }
    }

    /// <summary>Generates for the first <paramref name="problems"/> prompts in batches of <paramref name="batchRows"/> rows (0: all rows in one batch).</summary>
    public BenchRunResult Measure(int problems, int batchRows, CancellationToken cancellationToken)
    {
        _process.StandardInput.WriteLine(new JsonObject { ["problems"] = problems, ["batch_rows"] = batchRows }.ToJsonString());
        _process.StandardInput.Flush();
        var node = ReadLine(cancellationToken);
        return new BenchRunResult(
            node["problems"]!.GetValue<int>(),
            node["rows"]!.GetValue<int>(),
            node["seconds"]!.GetValue<double>(),
            node["tokens"]!.GetValue<long>())
        {
            BatchRows = node["batch_rows"]!.GetValue<int>(),
        };
    }

    private JsonNode ReadLine(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = _process.StandardOutput.ReadLine();
            if (line is null)
            {
                _process.WaitForExit();
                throw new InvalidOperationException($"node bench.mjs ended ({_process.ExitCode}): {_stderr.Result.Trim()}");
            }

            if (line.StartsWith('{'))
            {
                return JsonNode.Parse(line)!;
            }
        }
    }

    private static ProcessStartInfo StartInfo(string program, string[] arguments, string folder)
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
        return start;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill();
            }
        }

        _process.Dispose();
        File.Delete(_workloadPath);
    }

    public static JsonObject Workload(
        string modelDirectory, string dtype, IReadOnlyList<IReadOnlyList<int>> prompts,
        int samples, int maxNewTokens, float temperature, int topK, IReadOnlySet<int> eos, int pad, int threads) => new()
        {
            ["model_root"] = Path.GetDirectoryName(Path.GetFullPath(modelDirectory).TrimEnd(Path.DirectorySeparatorChar)) + Path.DirectorySeparatorChar,
            ["model_name"] = Path.GetFileName(Path.GetFullPath(modelDirectory).TrimEnd(Path.DirectorySeparatorChar)),
            ["dtype"] = dtype,
            ["prompts"] = JsonSerializer.SerializeToNode(prompts),
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
