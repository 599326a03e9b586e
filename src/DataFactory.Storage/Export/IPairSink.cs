namespace DataFactory.Storage.Export;

/// <summary>Where the preference and kto exports write: JSON Lines (<see cref="PairLineWriter"/>) or Parquet shards (<see cref="ParquetShardWriter"/>).</summary>
internal interface IPairSink
{
    /// <summary>Bytes written so far.</summary>
    long Bytes { get; }

    ValueTask WritePairAsync(string prompt, string chosen, string rejected, CancellationToken cancellationToken);

    ValueTask WriteLabelledAsync(string prompt, string completion, bool label, CancellationToken cancellationToken);

    ValueTask FlushAsync(CancellationToken cancellationToken);
}
