using DataFactory.Storage.Export;
using DataFactory.Testing;

namespace DataFactory.Storage.Tests.Export;

/// <summary>Shards of bounded size, named as the Hub names them, replacing an earlier export's, read back by DuckDB.</summary>
public sealed class ParquetShardWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("df-shards-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Cuts_rows_into_shards_of_bounded_size_that_duckdb_reads_in_order()
    {
        // Row groups of 10 rows; a shard closes once it holds 20 KB, so each holds a few row groups.
        var settings = new ParquetExportSettings { RowGroupRows = 10, ShardBytes = 20_000 };
        Directory.CreateDirectory(Path.Combine(_folder, "data"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "data", "train-00000-of-00009.parquet"), "an earlier export's shard");
        var writer = new ParquetShardWriter(_folder, ExportFormat.PromptCompletion, null, settings);
        for (var i = 0; i < 500; i++)
        {
            await writer.WriteAsync(Row(i), CancellationToken.None);
        }

        var result = new ExportResult(500, 500, writer.Bytes);
        await writer.CompleteAsync(new DatasetCard(new ExportOptions { SetName = "s" }, settings, result), CancellationToken.None);

        var files = Directory.GetFiles(Path.Combine(_folder, "data")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 3, string.Join(", ", files));
        Assert.Equal(Enumerable.Range(0, files.Count).Select(i => $"train-{i:D5}-of-{files.Count:D5}.parquet"), files);
        Assert.Equal(writer.Shards, files.Select(f => "data/" + f));
        foreach (var file in files)
        {
            // At most one row group past the bound.
            Assert.InRange(new FileInfo(Path.Combine(_folder, "data", file!)).Length, 1, 20_000 + 15_000);
        }

        var rows = await DuckDb.QueryAsync($"SELECT prompt, completion FROM read_parquet({DuckDb.Literal(Path.Combine(_folder, "data", "train-*.parquet"))}) ORDER BY filename, file_row_number");
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"problem {i}"), rows.Select(r => r.GetProperty("prompt").GetString()));
        Assert.Equal(Row(499).Text, rows[^1].GetProperty("completion").GetString());
        Assert.Contains("num_examples: 500", await File.ReadAllTextAsync(Path.Combine(_folder, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_with_no_rows_is_one_empty_shard_with_the_columns()
    {
        var writer = new ParquetShardWriter(_folder, ExportFormat.Chat, "be brief", new ParquetExportSettings());
        await writer.CompleteAsync(new DatasetCard(new ExportOptions { SetName = "s" }, new ParquetExportSettings(), new ExportResult(0, 0, 0)), CancellationToken.None);

        var rows = await DuckDb.QueryAsync($"SELECT count(*) AS n FROM read_parquet({DuckDb.Literal(Path.Combine(_folder, "data", "train-00000-of-00001.parquet"))})");
        Assert.Equal("0", rows[0].GetProperty("n").GetString());
    }

    private static ExportRow Row(int i) => new()
    {
        SetName = "s",
        ProblemId = i,
        Prompt = $"problem {i}",
        Text = $"step one of {i}\nstep two\n" + new string((char)('a' + (i % 26)), 200) + $"\nFinal answer: {i}",
    };
}
