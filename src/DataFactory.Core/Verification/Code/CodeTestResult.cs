namespace DataFactory.Core.Verification.Code;

/// <summary>
/// The result of running a program with its unit tests: the outcome, how many tests passed of how
/// many ran (null when the tests never got to run), and a one-line detail (the first failure, the
/// limit that was hit, why the sandbox is unavailable).
/// </summary>
public sealed record CodeTestResult(CodeTestOutcome Outcome, int? Passed, int? Total, string Detail);
