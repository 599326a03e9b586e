using DataFactory.Worker.Contracts;

namespace DataFactory.Worker.Pipeline;

/// <summary>The work behind a batch of <see cref="GenerateTraces"/> messages.</summary>
internal interface ITracePipeline
{
    /// <summary>Loads the problems, generates, verifies, curates and writes the outcome in one transaction per run.</summary>
    Task<PipelineResult> ProcessAsync(IReadOnlyList<GenerateTraces> messages, CancellationToken cancellationToken);

    /// <summary>Records the problems of a message that keeps failing as failed with the reason (idempotent).</summary>
    Task MarkFailedAsync(GenerateTraces message, string reason, CancellationToken cancellationToken);
}
