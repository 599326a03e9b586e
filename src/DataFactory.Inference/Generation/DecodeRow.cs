using DataFactory.Inference.Sampling;

namespace DataFactory.Inference.Generation;

/// <summary>One candidate being decoded: its own generator, tokens so far and place in the batch.</summary>
/// <remarks>With <paramref name="logProbabilities"/> it keeps every sampled token's log-probability, not only their sum.</remarks>
internal sealed class DecodeRow(int problem, int candidate, ulong seed, int maxTokens, IStopDetector? stop, bool logProbabilities = false)
{
    private readonly List<float>? _logProbabilities = logProbabilities ? [] : null;
    private Xoshiro256 _rng = new(seed);

    public int Problem => problem;

    public int Candidate => candidate;

    public List<int> Tokens { get; } = [];

    /// <summary>This row's index in the current step's batch.</summary>
    public int Slot { get; set; }

    /// <summary>Leading cache positions of this row that are padding.</summary>
    public int PadLeft { get; set; }

    public bool Done { get; private set; }

    public FinishReason Reason { get; private set; }

    public double LogProbSum { get; private set; }

    public long FinishedAt { get; private set; }

    public ref Xoshiro256 Rng => ref _rng;

    /// <summary>Hears each sampled token (streaming); null when nobody listens.</summary>
    public IRowObserver? Observer { get; init; }

    /// <summary>Ends the row after a complete line the request's step guard judges false; null when it has none.</summary>
    public IStopDetector? Guard { get; init; }

    public int LastToken => Tokens[^1];

    /// <summary>True once an early stop has heard this finished row.</summary>
    public bool Heard { get; set; }

    /// <summary>Appends a sampled token and decides whether the row is finished.</summary>
    public void Accept(int token, double logProbability, IReadOnlySet<int> eos, long now)
    {
        Tokens.Add(token);
        LogProbSum += logProbability;
        _logProbabilities?.Add((float)logProbability);
        Observer?.Token(this, token, (float)logProbability);
        if (eos.Contains(token))
        {
            Finish(FinishReason.Eos, now);
        }
        else if (stop is not null && stop.Accept(token))
        {
            Finish(FinishReason.Stop, now);
        }
        else if (Guard is not null && Guard.Accept(token))
        {
            Finish(FinishReason.FalseStep, now);
        }
        else if (Tokens.Count >= maxTokens)
        {
            Finish(FinishReason.Length, now);
        }
    }

    /// <summary>The finished row as a candidate: its tokens, and their log-probabilities when the row kept them.</summary>
    public TokenCandidate ToCandidate(TimeSpan elapsed) =>
        new(Candidate, Tokens.ToArray(), Reason, _logProbabilities is null ? null : LogProbSum, elapsed) { TokenLogProbs = _logProbabilities?.ToArray() };

    /// <summary>Ends the row unfinished: its request has enough candidates.</summary>
    public void Abandon(long now) => Finish(FinishReason.Abandoned, now);

    private void Finish(FinishReason reason, long now)
    {
        Done = true;
        Reason = reason;
        FinishedAt = now;
    }
}
