namespace DataFactory.Inference.Runtime;

/// <summary>One row to copy into a new cache: its last <paramref name="ValidLength"/> positions hold tokens, the rest is left padding.</summary>
internal readonly record struct KvRowSource(KvCache Cache, int Row, int ValidLength);
