using DataFactory.Core.Formats;
using DataFactory.Core.Formats.Parquet;
using DataFactory.Testing;

namespace DataFactory.Core.Tests.Formats.Parquet;

/// <summary>Parquet files and folders of shards written by DuckDB (not this project), read as <c>import</c> reads them.</summary>
public sealed class ParquetImportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("df-parquet-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Reads_a_folder_of_gsm8k_shards_with_several_row_groups_like_the_jsonl_file()
    {
        var source = Import.FixturePath("gsm8k_train_50.jsonl");
        var shards = Path.Combine(_folder, "data");
        Directory.CreateDirectory(shards);
        await DuckDb.QueryAsync(
            $"CREATE TABLE t AS SELECT row_number() OVER () AS n, question, answer FROM read_json_auto({DuckDb.Literal(source)})",
            $"COPY (SELECT question, answer FROM t WHERE n <= 30 ORDER BY n) TO {DuckDb.Literal(Path.Combine(shards, "train-00000-of-00002.parquet"))} (FORMAT parquet, ROW_GROUP_SIZE 8)",
            $"COPY (SELECT question, answer FROM t WHERE n > 30 ORDER BY n) TO {DuckDb.Literal(Path.Combine(shards, "train-00001-of-00002.parquet"))} (FORMAT parquet, ROW_GROUP_SIZE 8)",
            $"SELECT count(*) AS groups FROM parquet_metadata({DuckDb.Literal(Path.Combine(shards, "*.parquet"))}) WHERE column_id = 0");

        var parquet = await ParquetProblemReader.ReadAsync(_folder, new ImportOptions(), CancellationToken.None);
        var jsonl = Import.Fixture("gsm8k_train_50.jsonl");

        Assert.Equal(ProblemFormat.Gsm8k, parquet.DetectedFormat);
        Assert.Equal(50, parquet.LinesRead);
        Assert.Equal(jsonl.Problems, parquet.Problems);
        Assert.Equal("gsm8k-00050", parquet.Problems[^1].Id);
    }

    [Fact]
    public async Task Reads_the_numinamath_layout_and_ignores_its_list_column()
    {
        var file = Path.Combine(_folder, "numina.parquet");
        await DuckDb.QueryAsync(
            $$"""
            COPY (SELECT 'What is ' || i || ' + 1?' AS problem,
                         'We add: ' || i || ' + 1 = \boxed{' || (i + 1) || '}.' AS solution,
                         'synthetic_math' AS source,
                         [{'role': 'user', 'content': 'q'}, {'role': 'assistant', 'content': 'a'}] AS messages
                  FROM range(3) r(i)) TO {{DuckDb.Literal(file)}} (FORMAT parquet)
            """);

        var read = await ParquetProblemReader.ReadAsync(file, new ImportOptions(), CancellationToken.None);

        Assert.Equal(ProblemFormat.Math, read.DetectedFormat);
        Assert.Equal(["1", "2", "3"], read.Problems.Select(p => p.Answer));
        Assert.Equal("What is 2 + 1?", read.Problems[2].Prompt);
        Assert.Equal(["math-00001", "math-00002", "math-00003"], read.Problems.Select(p => p.Id));
    }

    [Fact]
    public async Task Maps_prompt_answer_and_id_columns_of_any_type()
    {
        var file = Path.Combine(_folder, "mapped.parquet");
        await DuckDb.QueryAsync(
            $"COPY (SELECT 100 + i AS uid, 'Compute ' || i || ' * 2.' AS text, i * 2 AS final, 'x' AS answer FROM range(4) r(i)) TO {DuckDb.Literal(file)} (FORMAT parquet)");

        var read = await ParquetProblemReader.ReadAsync(
            file, new ImportOptions { PromptColumn = "text", AnswerColumn = "final", IdColumn = "uid" }, CancellationToken.None);

        Assert.Equal(ProblemFormat.Math, read.DetectedFormat);
        Assert.Equal(["100", "101", "102", "103"], read.Problems.Select(p => p.Id));
        Assert.Equal(["0", "2", "4", "6"], read.Problems.Select(p => p.Answer));
        Assert.Equal("Compute 3 * 2.", read.Problems[3].Prompt);
    }

    [Fact]
    public async Task Rejects_the_whole_input_naming_file_row_and_column()
    {
        var shards = Path.Combine(_folder, "data");
        Directory.CreateDirectory(shards);
        var first = Path.Combine(shards, "train-0.parquet");
        var second = Path.Combine(shards, "train-1.parquet");
        await DuckDb.QueryAsync(
            $"COPY (SELECT 'q' || i AS q, 'so ' || i || E'\\n#### ' || i AS sol FROM range(5) r(i)) TO {DuckDb.Literal(first)} (FORMAT parquet)",
            $"COPY (SELECT 'q' || i AS q, CASE WHEN i = 7 THEN 'no marker' ELSE 'so #### ' || i END AS sol FROM range(5, 10) r(i)) TO {DuckDb.Literal(second)} (FORMAT parquet)");
        var options = new ImportOptions { Format = ProblemFormat.Gsm8k, PromptColumn = "q", AnswerColumn = "sol" };

        var rejected = await Assert.ThrowsAsync<ProblemImportException>(() => ParquetProblemReader.ReadAsync(shards, options, CancellationToken.None));
        var error = Assert.Single(rejected.Errors);
        Assert.Equal($"{second}:3: sol: has no '####' before the gold answer", error.ToString());

        var skipping = await ParquetProblemReader.ReadAsync(shards, options with { SkipInvalid = true }, CancellationToken.None);
        Assert.Equal(9, skipping.Problems.Count);
        Assert.Equal(error, Assert.Single(skipping.Skipped));
    }

    [Fact]
    public async Task A_mapped_column_that_does_not_exist_is_named_with_the_columns_there_are()
    {
        var file = Path.Combine(_folder, "p.parquet");
        await DuckDb.QueryAsync($"COPY (SELECT 'a' AS problem, '1' AS answer) TO {DuckDb.Literal(file)} (FORMAT parquet)");

        var rejected = await Assert.ThrowsAsync<ProblemImportException>(
            () => ParquetProblemReader.ReadAsync(file, new ImportOptions { PromptColumn = "question" }, CancellationToken.None));

        Assert.Equal($"{file}: no column 'question'; the columns are problem, answer", Assert.Single(rejected.Errors).ToString());
    }

    [Fact]
    public async Task A_file_that_is_not_parquet_is_rejected_with_its_name()
    {
        var file = Path.Combine(_folder, "broken.parquet");
        await File.WriteAllTextAsync(file, "{\"problem\": \"not parquet\"}");

        var rejected = await Assert.ThrowsAsync<ProblemImportException>(() => ParquetProblemReader.ReadAsync(file, new ImportOptions(), CancellationToken.None));

        Assert.StartsWith($"{file}: not a readable Parquet file", Assert.Single(rejected.Errors).ToString(), StringComparison.Ordinal);
    }
}
