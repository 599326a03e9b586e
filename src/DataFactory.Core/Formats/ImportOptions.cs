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

    /// <summary>The longest accepted line in bytes, without its line break; a longer line is invalid.</summary>
    public int MaxLineBytes { get; init; } = DefaultMaxLineBytes;
}
