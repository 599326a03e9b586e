namespace DataFactory.Core.Extraction;

/// <summary>An answer found after an explicit marker: where the marker starts and the raw answer text.</summary>
internal readonly record struct MarkerMatch(int Position, string Value);
