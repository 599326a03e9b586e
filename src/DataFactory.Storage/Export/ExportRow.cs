namespace DataFactory.Storage.Export;

/// <summary>
/// The current row of the export reader. Problem fields are re-read only when the problem changes,
/// so a problem's prompt is decoded once for all its traces.
/// </summary>
internal sealed class ExportRow
{
    /// <summary>The exported set's name, the same on every row.</summary>
    public string SetName { get; init; } = "";

    public long ProblemId { get; set; } = -1;

    public string ExternalId { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Prompt { get; set; } = "";

    public string? Answer { get; set; }

    public string? Metadata { get; set; }

    public long Candidates { get; set; }

    public long Correct { get; set; }

    public long Tokens { get; set; }

    /// <summary>The problem's attempts (in the exported runs) that spent their budget with nothing verified.</summary>
    public long Exhausted { get; set; }

    public long TraceId { get; set; }

    public Guid RunId { get; set; }

    public string Text { get; set; } = "";

    public string? FinalAnswer { get; set; }

    public int TokenCount { get; set; }

    public string Verifier { get; set; } = "";

    public bool Flawed { get; set; }

    public string? StepCheck { get; set; }

    public bool Consensus { get; set; }

    public double? VoteShare { get; set; }

    public double? PassRate => Candidates > 0 ? (double)Correct / Candidates : null;
}
