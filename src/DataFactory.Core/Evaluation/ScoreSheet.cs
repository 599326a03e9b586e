namespace DataFactory.Core.Evaluation;

/// <summary>
/// Collects per-problem outcomes (correct samples of k, greedy right or not) and turns them into
/// <see cref="KindScore"/>s, one per task kind, in first-seen order. Not thread-safe.
/// </summary>
public sealed class ScoreSheet(int samples)
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, (int Problems, double PassAt1, double PassAtK, int Greedy)> _byKind = new(StringComparer.Ordinal);

    /// <summary>Samples per problem (k).</summary>
    public int Samples { get; } = samples >= 1 ? samples : throw new ArgumentOutOfRangeException(nameof(samples), samples, "At least one sample.");

    /// <summary>Adds one problem: <paramref name="correct"/> of <see cref="Samples"/> samples verified, and whether greedy decoding did.</summary>
    public void Add(string kind, int correct, bool greedyCorrect)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        if (!_byKind.TryGetValue(kind, out var sums))
        {
            _order.Add(kind);
        }

        _byKind[kind] = (
            sums.Problems + 1,
            sums.PassAt1 + PassAtK.Estimate(Samples, correct, 1),
            sums.PassAtK + PassAtK.Estimate(Samples, correct, Samples),
            sums.Greedy + (greedyCorrect ? 1 : 0));
    }

    /// <summary>The figures per kind.</summary>
    public IReadOnlyList<KindScore> Scores() => _order
        .Select(kind =>
        {
            var s = _byKind[kind];
            return new KindScore(kind, s.Problems, Samples, s.PassAt1 / s.Problems, s.PassAtK / s.Problems, (double)s.Greedy / s.Problems);
        })
        .ToList();

    /// <summary>The mean of the kinds' pass@1, each kind counted once (0 when empty).</summary>
    public double MeanPassAt1() => Scores() is { Count: > 0 } scores ? scores.Average(s => s.PassAt1) : 0;
}
