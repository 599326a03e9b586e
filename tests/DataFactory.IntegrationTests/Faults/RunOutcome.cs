namespace DataFactory.IntegrationTests.Faults;

/// <summary>One run of the fault test, fault-free or faulted, as measured and as stored.</summary>
internal sealed record RunOutcome
{
    public required Guid RunId { get; init; }

    public required bool Finished { get; init; }

    public required TimeSpan Duration { get; init; }

    public required TimeSpan LongestStall { get; init; }

    /// <summary>Per fault: the event, the first progress after it was back (null: none), and the longest stall around it.</summary>
    public required IReadOnlyList<(FaultEvent Event, DateTime? FirstProgress, TimeSpan Stall)> Faults { get; init; }

    public required DateTime Started { get; init; }

    public required int Kills { get; init; }

    public required int WorkersStarted { get; init; }

    public required IReadOnlyList<TimeSpan> ReadyTimes { get; init; }

    public required int Redelivered { get; init; }

    public required int TransientRetries { get; init; }

    public required IReadOnlyList<string> FailureLines { get; init; }

    public required RunAudit Audit { get; init; }
}
