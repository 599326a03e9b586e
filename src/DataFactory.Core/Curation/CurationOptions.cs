namespace DataFactory.Core.Curation;

/// <summary>Format filters applied to verified candidates before they are stored.</summary>
public sealed record CurationOptions
{
    /// <summary>Traces shorter than this many characters are dropped (an answer with no reasoning).</summary>
    public int MinCharacters { get; init; } = 1;

    /// <summary>Traces longer than this many characters are dropped.</summary>
    public int MaxCharacters { get; init; } = 32_768;

    /// <summary>
    /// Drop traces in which one line repeats more than this many times: a degenerate loop that still
    /// happened to end on the right answer. 0 disables the filter.
    /// </summary>
    public int MaxRepeatedLine { get; init; } = 8;

    /// <summary>Keep at most this many distinct verified traces per problem and run; 0 keeps all.</summary>
    public int MaxTracesPerProblem { get; init; }

    /// <summary>
    /// Keep flawed traces (a correct final answer and a false checkable step; see
    /// <see cref="Steps.StepCheck.IsFlawed"/>), marked, instead of dropping them. Default false: flawed
    /// traces are counted in <see cref="CurationResult.Flawed"/> but not stored as curated data.
    /// </summary>
    public bool KeepFlawed { get; init; }
}
