namespace DataFactory.Storage.Schema;

/// <summary>
/// A row of <c>step_labels</c>: the label of one step of one candidate of a label run (<c>run --policy label</c>),
/// estimated by rollouts from the step's prefix. Unique per (run, problem, candidate hash, step index). A candidate's
/// step texts, in index order, join to its text exactly, so a failed candidate's text is kept here whether or not
/// the run keeps rejected candidates.
/// </summary>
public sealed class StepLabelEntity
{
    /// <summary>The surrogate key.</summary>
    public long Id { get; set; }

    /// <summary>The run that labelled the candidate.</summary>
    public Guid RunId { get; set; }

    /// <summary>The problem the candidate answers.</summary>
    public long ProblemId { get; set; }

    /// <summary>SHA-256 of the candidate's exact text: the candidate's identity within the problem.</summary>
    public required byte[] CandidateHash { get; set; }

    /// <summary>Whether the candidate's own final answer verified.</summary>
    public bool CandidateVerified { get; set; }

    /// <summary>The step's 0-based index in the candidate.</summary>
    public int StepIndex { get; set; }

    /// <summary>The candidate's number of steps.</summary>
    public int StepCount { get; set; }

    /// <summary>The step's text, with its separator (the newline or blank lines that end it).</summary>
    public required string StepText { get; set; }

    /// <summary>Share of the prefix's rollouts whose answer verified (1 or 0 when from the verdict or inferred).</summary>
    public double SoftLabel { get; set; }

    /// <summary>At least one rollout verified (or the verdict, or the inferred value).</summary>
    public bool HardLabel { get; set; }

    /// <summary>Rollouts spent on the prefix that ends with this step.</summary>
    public int Rollouts { get; set; }

    /// <summary>Rollouts whose answer verified.</summary>
    public int Successes { get; set; }

    /// <summary>The search that chose the prefixes: <c>bisect</c> or <c>exhaustive</c>.</summary>
    public required string Search { get; set; }

    /// <summary>Where the label comes from: <c>rollouts</c>, <c>verdict</c> (the last step) or <c>inferred</c> (bisection's monotone assumption).</summary>
    public required string Source { get; set; }

    /// <summary>This step is the candidate's first error.</summary>
    public bool FirstError { get; set; }

    /// <summary>When the label was stored.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
