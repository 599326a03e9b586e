using DataFactory.Core.Sampling;

namespace DataFactory.Cli.Commands;

/// <summary>What the demo runs.</summary>
internal sealed record DemoSettings(string OutputDirectory, string ExamplesDirectory, string ModelDirectory, int ProblemsPerFamily, SamplingOptions Sampling);
