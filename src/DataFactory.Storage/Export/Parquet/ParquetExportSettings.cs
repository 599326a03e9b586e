namespace DataFactory.Storage.Export;

/// <summary>How a Parquet export is cut into shards and what its dataset card says.</summary>
public sealed record ParquetExportSettings
{
    /// <summary>The default shard size: 500 MB, as the Hub's <c>push_to_hub</c> cuts shards.</summary>
    public const long DefaultShardBytes = 500L * 1000 * 1000;

    /// <summary>A shard is closed once it reaches this size; it exceeds it by at most one row group.</summary>
    public long ShardBytes { get; init; } = DefaultShardBytes;

    /// <summary>Rows per row group, at most.</summary>
    public int RowGroupRows { get; init; } = 10_000;

    /// <summary>Characters of text per row group, at most (bounds the memory a row group takes).</summary>
    public long RowGroupChars { get; init; } = 32L * 1024 * 1024;

    /// <summary>The licence the card declares (a Hub licence id such as <c>mit</c>, <c>cc-by-4.0</c>; <c>unknown</c> by default).</summary>
    public string License { get; init; } = "unknown";

    /// <summary>The command that made the export, quoted in the card.</summary>
    public string? CommandLine { get; init; }
}
