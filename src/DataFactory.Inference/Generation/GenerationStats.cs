namespace DataFactory.Inference.Generation;

/// <summary>Totals of an engine's work since it was created, for telemetry (take the difference of two snapshots).</summary>
public sealed record GenerationStats
{
    /// <summary>Problems generated for.</summary>
    public long Problems { get; init; }

    /// <summary>Candidates produced.</summary>
    public long Candidates { get; init; }

    /// <summary>Prompt tokens prefilled (once per problem and wave, not per candidate).</summary>
    public long PromptTokens { get; init; }

    /// <summary>Tokens generated over all candidates.</summary>
    public long GeneratedTokens { get; init; }

    /// <summary>Decode steps: one new token for every running row (one forward pass per cohort of rows, see <see cref="DecodePasses"/>).</summary>
    public long DecodeSteps { get; init; }

    /// <summary>Decode forward passes: one per step in the static waves, one per cohort and step in continuous batching.</summary>
    public long DecodePasses { get; init; }

    /// <summary>Cache positions the decode passes attended over, rows × cache length summed over the passes.</summary>
    public long CachePositions { get; init; }

    /// <summary>The part of <see cref="CachePositions"/> that was left padding (rows aligned to a longer row).</summary>
    public long PaddedPositions { get; init; }

    /// <summary>Rows summed over decode steps; with <see cref="DecodeSteps"/> it gives the batch occupancy.</summary>
    public long RowSteps { get; init; }

    /// <summary>Decode steps taken while candidates were waiting for a row (continuous batching only).</summary>
    public long QueuedDecodeSteps { get; init; }

    /// <summary>Rows summed over <see cref="QueuedDecodeSteps"/>: the occupancy while enough work is queued.</summary>
    public long QueuedRowSteps { get; init; }

    /// <summary>Time in prefill forward passes.</summary>
    public TimeSpan PrefillTime { get; init; }

    /// <summary>Time in decode forward passes.</summary>
    public TimeSpan DecodeTime { get; init; }

    /// <summary>Time choosing tokens from logits.</summary>
    public TimeSpan SamplingTime { get; init; }

    /// <summary>Wall time inside generation calls.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Mean rows per decode step (batch occupancy).</summary>
    public double MeanRowsPerStep => DecodeSteps == 0 ? 0 : (double)RowSteps / DecodeSteps;

    /// <summary>The share of the attended cache positions that was padding (0..1).</summary>
    public double PaddingShare => CachePositions == 0 ? 0 : (double)PaddedPositions / CachePositions;

    /// <summary>Generated tokens per second of wall time.</summary>
    public double TokensPerSecond => Elapsed <= TimeSpan.Zero ? 0 : GeneratedTokens / Elapsed.TotalSeconds;
}
