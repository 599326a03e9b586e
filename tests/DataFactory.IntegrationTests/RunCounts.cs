namespace DataFactory.IntegrationTests;

/// <summary>A run's counters as stored.</summary>
internal sealed record RunCounts(int Total, int Done, int Failed, long Candidates, long Verified, long Traces, long Tokens);
