namespace DataFactory.Storage.Export;

/// <summary>Where the export's rows go: JSON Lines on a stream, or Parquet shards in a folder.</summary>
internal interface IExportSink
{
    /// <summary>Bytes written so far.</summary>
    long Bytes { get; }

    ValueTask WriteAsync(ExportRow row, CancellationToken cancellationToken);

    ValueTask FlushAsync(CancellationToken cancellationToken);
}
