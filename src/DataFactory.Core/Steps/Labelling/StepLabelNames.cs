namespace DataFactory.Core.Steps.Labelling;

/// <summary>The stored and command-line names of <see cref="LabelSearch"/> and <see cref="LabelSource"/>.</summary>
public static class StepLabelNames
{
    /// <summary><c>bisect</c>, <c>exhaustive</c> or <c>midpoint</c>.</summary>
    public static string Of(LabelSearch search) => search switch
    {
        LabelSearch.Bisect => "bisect",
        LabelSearch.Midpoint => "midpoint",
        _ => "exhaustive",
    };

    /// <summary><c>rollouts</c>, <c>verdict</c> or <c>inferred</c>.</summary>
    public static string Of(LabelSource source) => source switch
    {
        LabelSource.Rollouts => "rollouts",
        LabelSource.Verdict => "verdict",
        _ => "inferred",
    };

    /// <summary>Parses <c>bisect</c>, <c>exhaustive</c> or <c>midpoint</c>; null for anything else.</summary>
    public static LabelSearch? ParseSearch(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "bisect" => LabelSearch.Bisect,
        "exhaustive" => LabelSearch.Exhaustive,
        "midpoint" => LabelSearch.Midpoint,
        _ => null,
    };
}
