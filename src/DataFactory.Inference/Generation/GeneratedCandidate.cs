namespace DataFactory.Inference.Generation;

/// <summary>One sampled continuation of a problem's prompt.</summary>
/// <param name="Index">Candidate index within the problem (0-based); with the run seed and problem id it fixes the candidate's seed.</param>
/// <param name="Text">Decoded text without special tokens, cut before a stop string.</param>
/// <param name="TokenIds">Generated token ids, including a final end-of-sequence token when there is one.</param>
/// <param name="TokenCount">Number of generated tokens (the length of <paramref name="TokenIds"/>).</param>
/// <param name="Reason">Why generation stopped.</param>
/// <param name="LogProbSum">Sum of the tokens' log-probabilities under the model (temperature 1), when asked for.</param>
/// <param name="Elapsed">Time from the start of the problem's prefill until this candidate finished.</param>
public sealed record GeneratedCandidate(
    int Index,
    string Text,
    IReadOnlyList<int> TokenIds,
    int TokenCount,
    FinishReason Reason,
    double? LogProbSum,
    TimeSpan Elapsed)
{
    /// <summary>
    /// Each of <see cref="TokenIds"/>' log-probability under the model (temperature 1), in order, when asked for and
    /// the backend reports them; null otherwise. Their sum is <see cref="LogProbSum"/>.
    /// </summary>
    public IReadOnlyList<float>? TokenLogProbs { get; init; }
}
