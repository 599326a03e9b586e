namespace DataFactory.Storage.Export;

/// <summary>What an export wrote.</summary>
/// <param name="Traces">Lines written, one per trace.</param>
/// <param name="Problems">Distinct problems those traces solve.</param>
/// <param name="Bytes">Bytes written.</param>
public sealed record ExportResult(long Traces, long Problems, long Bytes);
