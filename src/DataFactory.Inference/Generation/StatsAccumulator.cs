using System.Diagnostics;

namespace DataFactory.Inference.Generation;

/// <summary>Running totals behind <see cref="GenerationStats"/>; updated by the one generation call in progress.</summary>
internal sealed class StatsAccumulator
{
    private readonly Lock _gate = new();
    private GenerationStats _totals = new();

    public long Problems;
    public long Candidates;
    public long PromptTokens;
    public long GeneratedTokens;
    public long DecodeSteps;
    public long RowSteps;
    public long QueuedDecodeSteps;
    public long QueuedRowSteps;
    public long DecodePasses;
    public long CachePositions;
    public long PaddedPositions;
    public long PrefillTicks;
    public long DecodeTicks;
    public long SamplingTicks;
    public long ElapsedTicks;

    /// <summary>Publishes the running totals as a snapshot.</summary>
    public void Publish()
    {
        var snapshot = new GenerationStats
        {
            Problems = Problems,
            Candidates = Candidates,
            PromptTokens = PromptTokens,
            GeneratedTokens = GeneratedTokens,
            DecodeSteps = DecodeSteps,
            RowSteps = RowSteps,
            QueuedDecodeSteps = QueuedDecodeSteps,
            QueuedRowSteps = QueuedRowSteps,
            DecodePasses = DecodePasses,
            CachePositions = CachePositions,
            PaddedPositions = PaddedPositions,
            PrefillTime = Stopwatch.GetElapsedTime(0, PrefillTicks),
            DecodeTime = Stopwatch.GetElapsedTime(0, DecodeTicks),
            SamplingTime = Stopwatch.GetElapsedTime(0, SamplingTicks),
            Elapsed = Stopwatch.GetElapsedTime(0, ElapsedTicks),
        };
        lock (_gate)
        {
            _totals = snapshot;
        }
    }

    public GenerationStats Snapshot()
    {
        lock (_gate)
        {
            return _totals;
        }
    }
}
