namespace DataFactory.Cli.Commands;

/// <summary>Sampling seconds per step over synthetic logits, and the model step they are compared with.</summary>
internal sealed record BenchSamplingFigures(int Rows, int Vocabulary, IReadOnlyList<(string Name, double Seconds)> PerStep, double StepSeconds);
