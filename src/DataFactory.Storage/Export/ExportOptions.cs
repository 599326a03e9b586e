namespace DataFactory.Storage.Export;

/// <summary>What to export and how.</summary>
public sealed record ExportOptions
{
    /// <summary>The set to export; may be null when <see cref="RunId"/> is given (the run's set is used).</summary>
    public string? SetName { get; init; }

    /// <summary>
    /// Only traces of this run, with pass rates from this run's attempts. When null, traces of every
    /// run of the set, with pass rates pooled over all runs (sum of correct over sum of candidates).
    /// </summary>
    public Guid? RunId { get; init; }

    /// <summary>The line format.</summary>
    public ExportFormat Format { get; init; } = ExportFormat.Chat;

    /// <summary>Only problems whose pass rate is at least this (0 to 1).</summary>
    public double? MinPassRate { get; init; }

    /// <summary>Only problems whose pass rate is at most this (0 to 1).</summary>
    public double? MaxPassRate { get; init; }

    /// <summary>At most this many traces per problem (the first stored).</summary>
    public int? MaxPerProblem { get; init; }

    /// <summary>The system turn of the chat format; none when null. Not used by the other formats.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Include flawed traces (right answer, a false checkable step), stored by runs that keep them; excluded by default.</summary>
    public bool IncludeFlawed { get; init; }
}
