namespace DataFactory.Storage.Regrade;

/// <summary>The provider-specific bulk updates of <see cref="RegradeWriter"/>, run inside its transaction.</summary>
internal interface IRegradeRows
{
    /// <summary>Rewrites the verdict fields of traces whose verdict stood.</summary>
    Task UpdateTracesAsync(IReadOnlyList<TraceUpdate> updates, CancellationToken cancellationToken);

    /// <summary>Rewrites the verdict fields of rejected candidates whose verdict stood.</summary>
    Task UpdateRejectedAsync(IReadOnlyList<RejectedUpdate> updates, CancellationToken cancellationToken);

    /// <summary>Adds to the attempts' correct and flawed counts and recomputes their pass rates.</summary>
    Task UpdateAttemptsAsync(IReadOnlyList<AttemptUpdate> updates, CancellationToken cancellationToken);
}

/// <summary>A trace's new verdict fields.</summary>
internal sealed record TraceUpdate(long Id, int Version, string? FinalAnswer, string Reason, bool Flawed, string? StepCheck);

/// <summary>A rejected candidate's new verdict fields.</summary>
internal sealed record RejectedUpdate(long Id, int Version, string Verdict, string? FinalAnswer, string Reason);

/// <summary>Increments of an attempt's counts.</summary>
internal sealed record AttemptUpdate(Guid RunId, long ProblemId, int Correct, int Flawed);
