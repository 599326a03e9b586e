namespace DataFactory.Benchmarks.Harvest;

/// <summary>What one policy spent and gained over the problem set in one repetition.</summary>
internal sealed record PolicyFigures(string Policy, int Problems, int Covered, int Exhausted, long Candidates, long Tokens, long DistinctTraces, int Saturated = 0)
{
    public double CoveragePercent => 100.0 * Covered / Problems;

    public double TracesPerMillionTokens => Tokens == 0 ? 0 : DistinctTraces * 1e6 / Tokens;
}
