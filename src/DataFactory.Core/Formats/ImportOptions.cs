namespace DataFactory.Core.Formats;

/// <summary>How <see cref="ProblemFileReader"/> reads a problem file.</summary>
public sealed record ImportOptions
{
    /// <summary>The default longest accepted line: 16 MiB.</summary>
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    /// <summary>The largest value <see cref="MaxLineBytes"/> may take: 1 GiB.</summary>
    public const int MaxMaxLineBytes = 1024 * 1024 * 1024;

    /// <summary>The file's format; <see cref="ProblemFormat.Auto"/> detects it from the first problem line.</summary>
    public ProblemFormat Format { get; init; } = ProblemFormat.Auto;

    /// <summary>
    /// When false (the default) one invalid line rejects the whole file. When true invalid lines are
    /// skipped and each is reported in <see cref="ImportResult.Skipped"/>.
    /// </summary>
    public bool SkipInvalid { get; init; }

    /// <summary>
    /// The set is meant for consensus (<c>import --consensus</c>): math, exact and multiple-choice problems may come
    /// without a gold answer, to be labelled by the majority answer of a consensus run. When false (the default)
    /// such a line is invalid, its error naming the <c>answer</c> field.
    /// </summary>
    public bool Consensus { get; init; }

    /// <summary>The longest accepted line in bytes, without its line break; a longer line is invalid.</summary>
    public int MaxLineBytes { get; init; } = DefaultMaxLineBytes;

    /// <summary>Parquet: the column holding the prompt (the format's prompt field: <c>question</c>, <c>problem</c> or <c>prompt</c>).</summary>
    public string? PromptColumn { get; init; }

    /// <summary>Parquet: the column holding the gold answer (or GSM8K's solution with its <c>####</c> line).</summary>
    public string? AnswerColumn { get; init; }

    /// <summary>Parquet: the column holding the problem's id.</summary>
    public string? IdColumn { get; init; }
}
