namespace DataFactory.IntegrationTests.Faults;

/// <summary>One injected fault: when it began and when the thing was back (restarted, or replaced for a kill).</summary>
internal sealed record FaultEvent(string Kind, DateTime Start, DateTime End);
