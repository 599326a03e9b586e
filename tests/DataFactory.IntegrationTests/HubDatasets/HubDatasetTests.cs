using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace DataFactory.IntegrationTests.HubDatasets;

/// <summary>
/// Hugging Face datasets in and out through the <c>datafactory</c> command on an embedded store:
/// Parquet shards written by DuckDB imported with decontamination, and Parquet exports read back by DuckDB.
/// </summary>
public sealed class HubDatasetTests : IDisposable
{
    private static readonly Dictionary<string, string> Environment = new() { ["DATAFACTORY__MODEL__INTRAOPTHREADS"] = "2" };
    private readonly string _folder = Directory.CreateTempSubdirectory("df-hub-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Db => Path.Combine(_folder, "f.db");

    [Fact]
    public async Task Imports_duckdb_shards_flags_planted_benchmark_copies_and_reports_them_as_json()
    {
        // 50 GSM8K training problems and, in a second shard, two GSM8K test problems: one copied, one
        // with a word changed. Training problem 21 retells test problem 633 (see the Core tests' README).
        var train = Path.Combine(RepoPaths.Root, "tests", "DataFactory.Core.Tests", "Fixtures", "gsm8k_train_50.jsonl");
        var test = Path.Combine(RepoPaths.Root, "data", "benchmarks", "gsm8k-test.jsonl");
        var shards = Path.Combine(_folder, "hub", "data");
        Directory.CreateDirectory(shards);
        await DuckDb.QueryAsync(
            $"COPY (SELECT NULL::VARCHAR AS id, question, answer FROM read_json_auto({DuckDb.Literal(train)})) TO {DuckDb.Literal(Path.Combine(shards, "train-00000-of-00002.parquet"))} (FORMAT parquet, ROW_GROUP_SIZE 16)",
            $"""
            COPY (SELECT 'planted-' || n AS id, CASE WHEN n = 2 THEN regexp_replace(question, '^\S+', 'Someone') ELSE question END AS question, answer
                  FROM (SELECT row_number() OVER () AS n, question, answer FROM read_json_auto({DuckDb.Literal(test)})) WHERE n <= 2)
            TO {DuckDb.Literal(Path.Combine(shards, "train-00001-of-00002.parquet"))} (FORMAT parquet)
            """);

        var import = await CliProcess.RunAsync(Environment, null, "import", Path.Combine(_folder, "hub"), "--set", "hub", "--db", Db, "--decontaminate", "gsm8k-test");
        Assert.True(import.Exit == 0, import.Error);
        Assert.Contains("set 'hub': 52 added, 0 unchanged, 0 invalid rows skipped (gsm8k format, 52 rows)", import.Output, StringComparison.Ordinal);
        Assert.Contains("set 'hub': 3 of 52 problems contaminated", import.Output, StringComparison.Ordinal);

        var check = await CliProcess.RunAsync(Environment, null, "decontaminate", "--set", "hub", "--against", "gsm8k-test", "--json", "--db", Db);
        Assert.True(check.Exit == 0, check.Error);
        var flags = check.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["gsm8k-00021", "planted-1", "planted-2"], flags.Select(f => f.GetProperty("problem_id").GetString()));
        Assert.All(flags, f => Assert.Equal("gsm8k-test", f.GetProperty("benchmark").GetString()));
        Assert.Equal(["gsm8k-00633", "gsm8k-00001", "gsm8k-00002"], flags.Select(f => f.GetProperty("benchmark_id").GetString()));
        Assert.Equal(1.0, flags[1].GetProperty("overlap").GetDouble());
        Assert.InRange(flags[2].GetProperty("overlap").GetDouble(), 0.2, 0.999);
        Assert.Equal(["problem_id", "benchmark", "benchmark_id", "overlap"], flags[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Import_rejects_a_bad_row_naming_file_row_and_column_and_stores_nothing()
    {
        var file = Path.Combine(_folder, "bad.parquet");
        await DuckDb.QueryAsync(
            $"COPY (SELECT 'q' || i AS text, CASE WHEN i = 3 THEN 'none' ELSE 'x #### ' || i END AS sol FROM range(5) r(i)) TO {DuckDb.Literal(file)} (FORMAT parquet)");

        var import = await CliProcess.RunAsync(Environment, null, "import", file, "--set", "bad", "--format", "gsm8k", "--prompt-column", "text", "--answer-column", "sol", "--db", Db);

        Assert.Equal(1, import.Exit);
        Assert.Contains($"{file}:4: sol: has no '####' before the gold answer", import.Error, StringComparison.Ordinal);
        var check = await CliProcess.RunAsync(Environment, null, "decontaminate", "--set", "bad", "--against", "math500", "--db", Db);
        Assert.Contains("No problem set named 'bad'", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_parquet_that_duckdb_reads_with_the_rows_and_columns_of_each_layout_and_leaves_out_contaminated_problems()
    {
        var problems = Path.Combine(_folder, "arithmetic.jsonl");
        await File.WriteAllLinesAsync(problems, (await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Examples, "arithmetic.jsonl"))).Take(8));
        Assert.Equal(0, (await CliProcess.RunAsync(Environment, null, "import", problems, "--set", "a", "--db", Db)).Exit);
        var run = await CliProcess.RunAsync(Environment, null, "run", "--set", "a", "--db", Db, "--local", "--samples", "8", "--seed", "3", "--keep-rejected");
        Assert.True(run.Exit == 0, run.Error);

        // Mark the problem with the most traces as a benchmark's copy.
        var before = await ExportJsonLinesAsync("raw");
        var marked = before.GroupBy(r => r.GetProperty("problem_id").GetString()!).MaxBy(g => g.Count())!;
        var benchmark = Path.Combine(_folder, "bench.jsonl");
        await File.WriteAllTextAsync(benchmark, JsonSerializer.Serialize(new { id = "b1", kind = "exact", prompt = marked.First().GetProperty("prompt").GetString(), answer = "1" }) + "\n");
        var decontaminate = await CliProcess.RunAsync(Environment, null, "decontaminate", "--set", "a", "--against", benchmark, "--db", Db);
        Assert.True(decontaminate.Exit == 0, decontaminate.Error);
        Assert.Contains($"'{marked.Key}' matches bench 'b1' (exact copy, overlap 1)", decontaminate.Output, StringComparison.Ordinal);

        var raw = await ExportJsonLinesAsync("raw");
        Assert.Equal(before.Count - marked.Count(), raw.Count);
        Assert.DoesNotContain(raw, r => r.GetProperty("problem_id").GetString() == marked.Key);

        var chat = await ExportParquetAsync("chat");
        Assert.Equal([("messages", "STRUCT(\"role\" VARCHAR, \"content\" VARCHAR)[]")], await ColumnsAsync("chat"));
        Assert.Equal(raw.Count, chat.Count);
        Assert.Equal(raw.Select(r => r.GetProperty("completion").GetString()), chat.Select(r => r.GetProperty("messages")[1].GetProperty("content").GetString()));
        Assert.All(chat, r => Assert.Equal(["user", "assistant"], r.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString())));

        var pc = await ExportParquetAsync("prompt-completion");
        Assert.Equal([("prompt", "VARCHAR"), ("completion", "VARCHAR")], await ColumnsAsync("prompt-completion"));
        Assert.Equal(raw.Select(r => (r.GetProperty("prompt").GetString(), r.GetProperty("completion").GetString())), pc.Select(r => (r.GetProperty("prompt").GetString(), r.GetProperty("completion").GetString())));

        var rawParquet = await ExportParquetAsync("raw");
        var columns = await ColumnsAsync("raw");
        Assert.Equal(
            ["set", "problem_id", "kind", "prompt", "answer", "run_id", "trace_id", "completion", "final_answer", "token_count", "verifier", "flawed", "consensus", "vote_share", "step_check", "candidates", "correct", "pass_rate", "tokens", "metadata"],
            columns.Select(c => c.Name));
        Assert.Contains(("trace_id", "BIGINT"), columns);
        Assert.Contains(("flawed", "BOOLEAN"), columns);
        Assert.Contains(("consensus", "BOOLEAN"), columns);
        Assert.Contains(("vote_share", "DOUBLE"), columns);
        Assert.Contains(("pass_rate", "DOUBLE"), columns);
        Assert.Equal(raw.Select(r => r.GetProperty("trace_id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)), rawParquet.Select(r => r.GetProperty("trace_id").ToString()));

        // Preference and kto: the same rows as their JSON Lines exports, TRL's standard columns.
        var pairs = await ExportJsonLinesAsync("preference");
        Assert.NotEmpty(pairs);
        var preference = await ExportParquetAsync("preference");
        Assert.Equal([("prompt", "VARCHAR"), ("chosen", "VARCHAR"), ("rejected", "VARCHAR")], await ColumnsAsync("preference"));
        Assert.Equal(
            pairs.Select(r => (r.GetProperty("prompt").GetString(), r.GetProperty("chosen").GetString(), r.GetProperty("rejected").GetString())),
            preference.Select(r => (r.GetProperty("prompt").GetString(), r.GetProperty("chosen").GetString(), r.GetProperty("rejected").GetString())));
        Assert.DoesNotContain(preference, r => r.GetProperty("prompt").GetString() == marked.First().GetProperty("prompt").GetString());
        var labelled = await ExportJsonLinesAsync("kto");
        var kto = await ExportParquetAsync("kto");
        Assert.Equal([("prompt", "VARCHAR"), ("completion", "VARCHAR"), ("label", "BOOLEAN")], await ColumnsAsync("kto"));
        Assert.Equal(
            labelled.Select(r => (r.GetProperty("completion").GetString(), r.GetProperty("label").GetBoolean())),
            kto.Select(r => (r.GetProperty("completion").GetString(), r.GetProperty("label").GetBoolean())));
        Assert.Contains(kto, r => !r.GetProperty("label").GetBoolean());

        // The dataset card: YAML front matter as the Hub reads it.
        var card = await File.ReadAllTextAsync(Path.Combine(_folder, "out-chat", "README.md"));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(card.Split("---\n")[1]));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal("mit", root["license"].ToString());
        var config = (YamlMappingNode)((YamlSequenceNode)root["configs"])[0];
        Assert.Equal("default", config["config_name"].ToString());
        var files = (YamlMappingNode)((YamlSequenceNode)config["data_files"])[0];
        Assert.Equal("train", files["split"].ToString());
        Assert.Equal("data/train-*", files["path"].ToString());
        var info = (YamlMappingNode)root["dataset_info"];
        Assert.Equal("messages", ((YamlMappingNode)((YamlSequenceNode)info["features"])[0])["name"].ToString());
        var split = (YamlMappingNode)((YamlSequenceNode)info["splits"])[0];
        Assert.Equal(raw.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), split["num_examples"].ToString());
        Assert.Contains("## How it was made", card, StringComparison.Ordinal);
        Assert.Equal(["train-00000-of-00001.parquet"], Directory.GetFiles(Path.Combine(_folder, "out-chat", "data")).Select(Path.GetFileName));
    }

    private async Task<List<JsonElement>> ExportJsonLinesAsync(string format)
    {
        var file = Path.Combine(_folder, $"t-{Guid.NewGuid():N}.jsonl");
        var export = await CliProcess.RunAsync(Environment, null, "export", "--set", "a", "--db", Db, "--format", format, "--out", file);
        Assert.True(export.Exit == 0, export.Error);
        return [.. (await File.ReadAllLinesAsync(file)).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    private async Task<IReadOnlyList<JsonElement>> ExportParquetAsync(string layout)
    {
        var folder = Path.Combine(_folder, "out-" + layout);
        var export = await CliProcess.RunAsync(Environment, null, "export", "--set", "a", "--db", Db, "--format", "parquet", "--layout", layout, "--license", "mit", "--out", folder);
        Assert.True(export.Exit == 0, export.Error);
        return await DuckDb.QueryAsync($"SELECT * FROM read_parquet({DuckDb.Literal(Path.Combine(folder, "data", "train-*.parquet"))})");
    }

    private async Task<List<(string Name, string Type)>> ColumnsAsync(string layout)
    {
        var rows = await DuckDb.QueryAsync($"DESCRIBE SELECT * FROM read_parquet({DuckDb.Literal(Path.Combine(_folder, "out-" + layout, "data", "train-*.parquet"))})");
        return [.. rows.Select(r => (r.GetProperty("column_name").GetString()!, r.GetProperty("column_type").GetString()!))];
    }
}
