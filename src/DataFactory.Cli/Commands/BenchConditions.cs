namespace DataFactory.Cli.Commands;

/// <summary>When and on what a <c>bench generate</c> run was made: start time, load average before it, the commit.</summary>
internal sealed record BenchConditions(DateTime StartedAt, string LoadBefore, string Commit);
