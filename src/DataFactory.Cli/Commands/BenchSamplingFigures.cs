namespace DataFactory.Cli.Commands;

/// <summary>Sampling seconds per step over synthetic logits, and the model step they are compared with.</summary>
/// <param name="Rows">Rows sampled per step.</param>
/// <param name="Vocabulary">Logits per row.</param>
/// <param name="PerStep">Seconds per step for each distribution and setting.</param>
/// <param name="StepSeconds">The bundled model's measured decode step plus the extra output projection at this vocabulary.</param>
/// <param name="ReferenceHeadSeconds">Lower bound of a real 150k-vocabulary model's step: Qwen2.5-0.5B's weights at the MatMul peak.</param>
internal sealed record BenchSamplingFigures(
    int Rows,
    int Vocabulary,
    IReadOnlyList<(string Name, double Seconds)> PerStep,
    double StepSeconds,
    double ReferenceHeadSeconds);
