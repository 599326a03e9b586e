namespace DataFactory.Worker.Pipeline;

/// <summary>What one pipeline pass did, for logs, metrics and the embedded demo's report.</summary>
/// <param name="Problems">Problems given to the pass.</param>
/// <param name="Skipped">Problems skipped because their run already has an attempt for them (redelivery).</param>
/// <param name="Failed">Problems recorded as failed (e.g. a prompt longer than the context).</param>
/// <param name="Candidates">Candidates generated.</param>
/// <param name="Correct">Candidates verified correct.</param>
/// <param name="TracesWritten">Distinct verified traces stored.</param>
/// <param name="Tokens">Tokens generated.</param>
public sealed record PipelineResult(int Problems, int Skipped, int Failed, long Candidates, long Correct, long TracesWritten, long Tokens)
{
    /// <summary>Nothing done.</summary>
    public static PipelineResult Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>Adds two results.</summary>
    public PipelineResult Add(PipelineResult other) => new(
        Problems + other.Problems,
        Skipped + other.Skipped,
        Failed + other.Failed,
        Candidates + other.Candidates,
        Correct + other.Correct,
        TracesWritten + other.TracesWritten,
        Tokens + other.Tokens);
}
