using DataFactory.Core.Steps;
using DataFactory.Core.Verification;

namespace DataFactory.Cli.Commands;

/// <summary>The outcome of one input line: a verdict and the step check, or the error that made the line invalid.</summary>
internal readonly record struct VerifyResult(Verdict? Verdict, string? Error, StepCheck? Steps = null);
