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

    /// <summary>At most this many traces per problem (the first stored); for kto, this many of each label, in pick order.</summary>
    public int? MaxPerProblem { get; init; }

    /// <summary>The system turn of the chat format; none when null. Not used by the other formats.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Preference pairs per problem (at most; fewer when the problem has fewer distinct pairs).</summary>
    public int PairsPerProblem { get; init; } = 1;

    /// <summary>Which verified traces go first as the chosen side (preference and kto).</summary>
    public ChosenPick Chosen { get; init; } = ChosenPick.Shortest;

    /// <summary>Which rejected candidates go first as the rejected side (preference and kto).</summary>
    public RejectedPick Rejected { get; init; } = RejectedPick.Common;

    /// <summary>The seed of the random picks.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Preference and kto lines in TRL's conversational form (prompt, chosen, rejected and completion as
    /// lists of messages, so that the trainer applies the model's chat template), with the system turn
    /// of <see cref="SystemPrompt"/>; the standard form (plain strings) otherwise.
    /// </summary>
    public bool Conversational { get; init; }

    /// <summary>Include flawed traces (right answer, a false checkable step), stored by runs that keep them; excluded by default.</summary>
    public bool IncludeFlawed { get; init; }

    /// <summary>Stepwise: write each step's soft label (the share of its prefix's rollouts that verified) instead of the hard label.</summary>
    public bool SoftLabels { get; init; }
    /// <summary>
    /// Include consensus-labelled traces (verified against a consensus run's majority answer, not a gold answer);
    /// excluded by default.
    /// </summary>
    public bool IncludeConsensus { get; init; }
}
