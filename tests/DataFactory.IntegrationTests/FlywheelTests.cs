using System.Diagnostics;
using System.Text.Json;

namespace DataFactory.IntegrationTests;

/// <summary>
/// The flywheel's parts on the embedded store: <c>eval</c> on a known model and set (figures per kind,
/// reproducible with the same seed, stored), finetune.py on a real export (a folder the engine loads,
/// whose lineage the store records), and the warning when evaluated problems were trained on.
/// </summary>
public sealed class FlywheelTests : IDisposable
{
    private static readonly Dictionary<string, string> Environment = new() { ["DATAFACTORY__MODEL__INTRAOPTHREADS"] = "2" };
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "df-flywheel-" + Guid.NewGuid().ToString("N"));

    public FlywheelTests() => Directory.CreateDirectory(_folder);

    private string Db => Path.Combine(_folder, "f.db");

    [Fact]
    public async Task Eval_reports_each_kind_reproducibly_and_stores_the_evaluation()
    {
        var problems = await HeldOutAsync(3);

        var first = await CliProcess.RunAsync(Environment, null, ["eval", .. problems, "--model", RepoPaths.Model, "--samples", "4", "--seed", "11", "--json", "--db", Db]);
        Assert.True(first.Exit == 0, first.Error);
        var scores = first.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["math", "game24", "countdown", "cipher"], scores.Select(s => s.GetProperty("kind").GetString()));
        foreach (var s in scores)
        {
            Assert.Equal(3, s.GetProperty("problems").GetInt32());
            var passAt1 = s.GetProperty("pass@1").GetDouble();
            var passAtK = s.GetProperty("pass@k").GetDouble();
            Assert.InRange(passAt1, 0, 1);
            Assert.InRange(passAtK, passAt1, 1);
            Assert.InRange(s.GetProperty("greedy").GetDouble(), 0, 1);

            // pass@1 from 4 samples is a mean of c/4 over 3 problems: a multiple of 1/12.
            Assert.Equal(Math.Round(passAt1 * 12), passAt1 * 12, 3);
        }

        // The bundled model solves some of each family it was trained on (its card: pass@1 41-63 %).
        Assert.True(scores.Average(s => s.GetProperty("pass@k").GetDouble()) > 0.2, first.Output);

        var again = await CliProcess.RunAsync(Environment, null, ["eval", .. problems, "--model", RepoPaths.Model, "--samples", "4", "--seed", "11", "--json", "--db", Db]);
        Assert.True(again.Exit == 0, again.Error);
        Assert.Equal(first.Output, again.Output);

        var models = await CliProcess.RunAsync(Environment, null, "models", "--json", "--db", Db);
        Assert.True(models.Exit == 0, models.Error);
        // The bundled model's lineage.json names the model it was fine-tuned from: eval records both, the parent bare.
        var rows = models.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, rows.Count);
        var model = Assert.Single(rows, r => r.GetProperty("name").GetString() == "tiny-reasoner");
        var parent = Assert.Single(rows, r => r.GetProperty("name").GetString() == "tiny-reasoner-r0");
        Assert.Equal(parent.GetProperty("id").GetGuid(), model.GetProperty("parent_id").GetGuid());
        Assert.Equal(0, parent.GetProperty("evaluations").GetInt32());
        Assert.Equal(2, model.GetProperty("evaluations").GetInt32());
        var mean = scores.Average(s => s.GetProperty("pass@1").GetDouble());
        Assert.Equal(mean, model.GetProperty("latest_mean_pass_at_1").GetDouble(), 5);
    }

    [Fact]
    public async Task Eval_counts_verified_answers_only()
    {
        // The same problems with every gold answer replaced by one no candidate can reach.
        var problems = await HeldOutAsync(2);
        var wrong = new[] { problems[0], problems[3] };
        foreach (var file in wrong)
        {
            await File.WriteAllLinesAsync(file, (await File.ReadAllLinesAsync(file)).Select(WrongAnswer));
        }

        var eval = await CliProcess.RunAsync(Environment, null, ["eval", .. wrong, "--model", RepoPaths.Model, "--samples", "4", "--json"]);
        Assert.True(eval.Exit == 0, eval.Error);
        var lines = eval.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            var s = JsonDocument.Parse(line).RootElement;
            Assert.Equal(0, s.GetProperty("pass@k").GetDouble());
            Assert.Equal(0, s.GetProperty("greedy").GetDouble());
        }

        Assert.False(File.Exists(Db));
    }

    [Fact]
    public async Task Finetune_yields_a_model_the_engine_loads_and_the_store_records_with_its_parent_and_training_runs()
    {
        // Harvest a few traces, export them, fine-tune a few steps on them.
        var problems = Path.Combine(_folder, "train.jsonl");
        await File.WriteAllLinesAsync(problems, (await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Examples, "arithmetic.jsonl"))).Take(6));
        Assert.Equal(0, (await CliProcess.RunAsync(Environment, null, "import", problems, "--set", "train", "--db", Db)).Exit);
        var run = await CliProcess.RunAsync(Environment, null, "run", "--set", "train", "--db", Db, "--local", "--samples", "4", "--seed", "3");
        Assert.True(run.Exit == 0, run.Error);
        var runId = run.Output.Trim();
        var export = Path.Combine(_folder, "traces.jsonl");
        var exported = await CliProcess.RunAsync(Environment, null, "export", "--set", "train", "--db", Db, "--out", export);
        Assert.True(exported.Exit == 0, exported.Error);
        Assert.NotEmpty(await File.ReadAllLinesAsync(export));

        var child = Path.Combine(_folder, "child");
        var (exit, error) = await FinetuneAsync("--model", RepoPaths.Model, "--data", export, "--out", child, "--steps", "3", "--batch", "4", "--seed", "5", "--threads", "2");
        Assert.True(exit == 0, error);
        foreach (var file in new[] { "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx", "lineage.json", "MODEL_CARD.md" })
        {
            Assert.True(File.Exists(Path.Combine(child, file)), file);
        }

        var register = await CliProcess.RunAsync(Environment, null, "models", "register", child, "--run", runId, "--db", Db);
        Assert.True(register.Exit == 0, register.Error);

        // The engine loads the new folder; the problems it was trained on are flagged.
        var eval = await CliProcess.RunAsync(Environment, null, "eval", problems, "--model", child, "--samples", "2", "--db", Db);
        Assert.True(eval.Exit == 0, eval.Error);
        Assert.Contains("warning: 6 of 6 evaluated problems share content with problems the model's lineage was trained on", eval.Error, StringComparison.Ordinal);
        Assert.Contains("math", eval.Output, StringComparison.Ordinal);

        // Lineage: the parent is the record the run created for the bundled model (the same fingerprint,
        // computed by finetune.py in Python and by the factory in C#).
        var models = await CliProcess.RunAsync(Environment, null, "models", "--json", "--db", Db);
        Assert.True(models.Exit == 0, models.Error);
        var rows = models.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, rows.Count);
        var parent = Assert.Single(rows, r => r.GetProperty("name").GetString() == "tiny-reasoner");
        var trained = Assert.Single(rows, r => r.GetProperty("name").GetString() == "child");
        Assert.Equal(1, parent.GetProperty("runs").GetInt32());
        Assert.Equal(parent.GetProperty("id").GetGuid(), trained.GetProperty("parent_id").GetGuid());
        Assert.Equal(runId, Assert.Single(trained.GetProperty("trained_on_runs").EnumerateArray()).GetGuid().ToString());
        Assert.Equal(3, trained.GetProperty("training").GetProperty("training").GetProperty("steps").GetInt32());

        // Registering again changes nothing.
        Assert.Equal(register.Output, (await CliProcess.RunAsync(Environment, null, "models", "register", child, "--run", runId, "--db", Db)).Output);
        Assert.Equal(2, (await CliProcess.RunAsync(Environment, null, "models", "--json", "--db", Db)).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Finetune_names_the_file_line_and_field_of_bad_data()
    {
        var data = Path.Combine(_folder, "bad.jsonl");
        await File.WriteAllLinesAsync(data, ["{\"messages\": [{\"role\": \"user\", \"content\": \"Calculate 1 + 1.\"}, {\"role\": \"assistant\", \"content\": \"Final answer: 2\"}]}", "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}"]);
        var (exit, error) = await FinetuneAsync("--model", RepoPaths.Model, "--data", data, "--out", Path.Combine(_folder, "never"), "--steps", "1");
        Assert.Equal(2, exit);
        Assert.Contains($"{data}:2: messages: needs a user and an assistant message", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "never")));
    }

    [Fact]
    public async Task Reexport_replaces_the_graph_and_the_model_scores_the_same()
    {
        // tiny-reasoner-base still has the graph that expands the KV cache per query head; reexport.py writes
        // today's graph (grouped-query attention without the copies) from the same weights.
        var copy = CopyBase("base");
        var before = await File.ReadAllBytesAsync(Path.Combine(copy, "onnx", "model.onnx"));
        var (exit, output, error) = await PythonAsync("reexport.py", copy);
        Assert.True(exit == 0, error);
        var checks = JsonDocument.Parse(output).RootElement;
        Assert.InRange(checks.GetProperty("old_vs_new_graph_max_abs_diff").GetDouble(), 0, 1e-4);
        Assert.NotEqual(before, await File.ReadAllBytesAsync(Path.Combine(copy, "onnx", "model.onnx")));

        // The engine loads the new graph and gets the same pass rates, greedy and sampled, as from the old one.
        var problems = await HeldOutAsync(2);
        var scores = new List<string>();
        foreach (var model in new[] { Path.Combine(RepoPaths.Root, "models", "tiny-reasoner-base"), copy })
        {
            var eval = await CliProcess.RunAsync(Environment, null, ["eval", .. problems, "--model", model, "--samples", "4", "--seed", "11", "--json"]);
            Assert.True(eval.Exit == 0, eval.Error);
            scores.Add(eval.Output);
        }

        Assert.Equal(4, scores[0].Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(scores[0], scores[1]);

        // A folder without a graph is refused, naming the file.
        var empty = Path.Combine(_folder, "empty");
        Directory.CreateDirectory(empty);
        File.Copy(Path.Combine(copy, "config.json"), Path.Combine(empty, "config.json"));
        var refused = await PythonAsync("reexport.py", empty);
        Assert.Equal(2, refused.Exit);
        Assert.Contains(Path.Combine(empty, "onnx", "model.onnx") + ": no ONNX decoder", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_gqa_writes_a_shared_cache_graph_that_generates_the_same_candidates()
    {
        // export_gqa.py writes onnx/model_gqa.onnx (GroupQueryAttention, per-row lengths) from the folder's weights;
        // the engine runs it with one cache buffer bound as past and present, and must sample the same candidates.
        var copy = CopyBase("gqa");
        var (exit, output, error) = await PythonAsync("export_gqa.py", copy);
        Assert.True(exit == 0, error);
        var written = Path.Combine(copy, "onnx", "model_gqa.onnx");
        Assert.Contains(written, output, StringComparison.Ordinal);
        Assert.True(File.Exists(written));

        var texts = new List<string[]>();
        foreach (var variant in new[] { Array.Empty<string>(), ["--model-file", "model_gqa"] })
        {
            var generated = await CliProcess.RunAsync(Environment, null, [
                "generate", "--model", copy, .. variant, "--chat", "--prompt", "Use 3, 5, 7 and 9 to make 24.",
                "--samples", "8", "--seed", "3", "--max-tokens", "96", "--max-batch-rows", "3"]);
            Assert.True(generated.Exit == 0, generated.Error);
            texts.Add([.. generated.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)]);
        }

        Assert.Equal(8, texts[0].Length);
        Assert.True(texts[0].Distinct().Count() > 1, "the candidates should differ");
        Assert.Equal(texts[0], texts[1]);

        // A folder without its tokenizer is refused, naming the file, and nothing is written.
        var bare = CopyBase("bare");
        File.Delete(Path.Combine(bare, "tokenizer.json"));
        var refused = await PythonAsync("export_gqa.py", bare);
        Assert.Equal(2, refused.Exit);
        Assert.Contains(Path.Combine(bare, "tokenizer.json"), refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(bare, "onnx", "model_gqa.onnx")));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The first <paramref name="perFamily"/> problems of each bundled example set, a file per family.</summary>
    private async Task<string[]> HeldOutAsync(int perFamily)
    {
        var files = new List<string>();
        foreach (var family in new[] { "arithmetic", "game24", "countdown", "cipher" })
        {
            var path = Path.Combine(_folder, family + ".jsonl");
            await File.WriteAllLinesAsync(path, (await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Examples, family + ".jsonl"))).Take(perFamily));
            files.Add(path);
        }

        return [.. files];
    }

    private static string WrongAnswer(string line)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        node[node.ContainsKey("plaintext") ? "plaintext" : "answer"] = node.ContainsKey("plaintext") ? "zzzzzzqq" : "-987654321";
        return node.ToJsonString();
    }

    private static async Task<(int Exit, string Error)> FinetuneAsync(params string[] arguments)
    {
        var (exit, _, error) = await PythonAsync("finetune.py", arguments);
        return (exit, error);
    }

    /// <summary>Runs one of the bundled model's training tools with Debian's Python.</summary>
    /// <summary>A copy of <c>models/tiny-reasoner-base</c> (its standard graph, config and tokenizer) under the test's folder.</summary>
    private string CopyBase(string name)
    {
        var copy = Path.Combine(_folder, name);
        foreach (var file in new[] { "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, file))!);
            File.Copy(Path.Combine(RepoPaths.Root, "models", "tiny-reasoner-base", file), Path.Combine(copy, file));
        }

        return copy;
    }

    private static async Task<(int Exit, string Output, string Error)> PythonAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = RepoPaths.Root };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "models", "tiny-reasoner", "train", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output, await error);
    }
}
