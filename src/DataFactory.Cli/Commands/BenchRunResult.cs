namespace DataFactory.Cli.Commands;

/// <summary>One configuration's measurement: problems × candidates, wall seconds and useful generated tokens.</summary>
internal sealed record BenchRunResult(int Problems, int Rows, double Seconds, long Tokens)
{
    public double TokensPerSecond => Tokens / Seconds;

    /// <summary>Rows per generate call (transformers.js only; the engine decodes in waves up to its row limit).</summary>
    public int BatchRows { get; init; }

    /// <summary>Mean rows per decode step (engine only).</summary>
    public double Occupancy { get; init; }

    /// <summary>Share of decode time spent choosing tokens (engine only).</summary>
    public double SamplingShare { get; init; }

    /// <summary>Mean seconds per decode forward pass (engine only).</summary>
    public double StepSeconds { get; init; }
}
