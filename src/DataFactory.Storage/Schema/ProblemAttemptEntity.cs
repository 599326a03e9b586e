namespace DataFactory.Storage.Schema;

/// <summary>
/// A row of <c>problem_attempts</c>: a problem's statistics in one run. Unique per (run, problem):
/// that key makes a redelivered message a no-op.
/// </summary>
public sealed class ProblemAttemptEntity
{
    /// <summary>The surrogate key.</summary>
    public long Id { get; set; }

    /// <summary>The run.</summary>
    public Guid RunId { get; set; }

    /// <summary>The problem.</summary>
    public long ProblemId { get; set; }

    /// <summary>Done or failed.</summary>
    public AttemptStatus Status { get; set; }

    /// <summary>Candidates sampled.</summary>
    public int Candidates { get; set; }

    /// <summary>Candidates verified correct.</summary>
    public int Correct { get; set; }

    /// <summary>Correct candidates with a false checkable step (flawed), among <see cref="Correct"/>.</summary>
    public int Flawed { get; set; }

    /// <summary>The problem spent its whole budget in the run without a verified candidate.</summary>
    public bool Exhausted { get; set; }

    /// <summary>The problem stopped short of its target because its verified candidates stopped finding new paths (adaptive runs with saturation).</summary>
    public bool Saturated { get; set; }

    /// <summary>
    /// The problem's majority answer in a consensus run when it reached the run's thresholds (the pseudo-label);
    /// null otherwise, and for problems with a gold answer.
    /// </summary>
    public string? PseudoLabel { get; set; }

    /// <summary>The majority answer's votes over the candidates, for problems voted on (labelled or not); else null.</summary>
    public double? VoteShare { get; set; }

    /// <summary>Candidates that agree with the majority answer, for problems voted on (labelled or not); else null.</summary>
    public int? Votes { get; set; }

    /// <summary>Tokens generated for the problem.</summary>
    public long Tokens { get; set; }

    /// <summary>Correct over candidates, or null when no candidate was sampled.</summary>
    public double? PassRate { get; set; }

    /// <summary>Why the attempt failed, for failed attempts.</summary>
    public string? FailureReason { get; set; }

    /// <summary>Seconds spent on the problem, if measured.</summary>
    public double? DurationSeconds { get; set; }

    /// <summary>When the attempt was written.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
