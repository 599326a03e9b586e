using DataFactory.Storage.Runs;

namespace DataFactory.Benchmarks.Pipeline;

/// <summary>One round of the pipeline benchmark: the same problems through the engine alone and through the factory.</summary>
internal sealed record PipelineRound(int Session, int Round, string First, TimeSpan Engine, TimeSpan Factory, long EngineTokens, RunSummary Summary)
{
    public double Overhead => (Factory.TotalSeconds / Engine.TotalSeconds) - 1;

    public bool SameTokens => Summary.Tokens == EngineTokens;
}
