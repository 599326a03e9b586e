namespace DataFactory.Core.Decontamination;

/// <summary>One problem of a benchmark that training data must not contain.</summary>
/// <param name="Benchmark">The benchmark's name (<c>math500</c>, <c>gsm8k-test</c>, a set or file name).</param>
/// <param name="Id">The item's id within its benchmark.</param>
/// <param name="Text">The problem's text.</param>
public sealed record BenchmarkItem(string Benchmark, string Id, string Text);
