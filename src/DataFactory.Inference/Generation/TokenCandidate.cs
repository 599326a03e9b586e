namespace DataFactory.Inference.Generation;

/// <summary>A candidate as the decode loop leaves it: token ids, before any text is decoded.</summary>
internal sealed record TokenCandidate(int Index, IReadOnlyList<int> TokenIds, FinishReason Reason, double? LogProbSum, TimeSpan Elapsed)
{
    /// <summary>Each generated token's log-probability (temperature 1), in token order, when asked for.</summary>
    public IReadOnlyList<float>? TokenLogProbs { get; init; }
}
