namespace DataFactory.Benchmarks.Storage;

/// <summary>One ingest run on one server: traces written, wall time, CPU per trace and the redelivery that must write nothing.</summary>
internal sealed record IngestMeasurement(
    long Written,
    TimeSpan Ingest,
    double? ClientCpuSeconds,
    double? ServerCpuSeconds,
    long Rewritten,
    TimeSpan Redelivery,
    int Problems,
    TimeSpan Import,
    string TableSize,
    bool Consistent)
{
    public double Rate => Written / Ingest.TotalSeconds;
}
