using DataFactory.Core.Problems;

namespace DataFactory.Core.Verification.Code;

/// <summary>
/// The verifier for code problems. Code is checked by running its unit tests in a sandbox (no
/// network, read-only file system, time and memory limits), which this build does not contain, so
/// every candidate gets an honest <see cref="VerdictStatus.Unsupported"/> verdict: it is neither
/// accepted nor counted as wrong.
/// </summary>
public sealed class CodeVerifier : IVerifier
{
    /// <summary>The reason given for every candidate.</summary>
    public const string Reason = "code verification needs the sandbox (not in this build)";

    /// <inheritdoc />
    public TaskKind Kind => TaskKind.Code;

    /// <inheritdoc />
    public Verdict Verify(Problem problem, string candidate) => Verdict.Unsupported(Reason);
}
