namespace DataFactory.Benchmarks;

/// <summary>One math check of the benchmark mix: a gold answer and a candidate (bare answer or full output).</summary>
internal sealed record VerifyCase(string Id, string Gold, string Candidate);
