using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Verification.Code;

/// <summary>
/// The verifier for code problems: the candidate's program (<see cref="CodeBlock"/>) is run with the
/// problem's Python unit tests by an <see cref="ICodeTestRunner"/>, and it is correct only when every
/// test passes. Without a runner (the default registry) every candidate gets an honest
/// <see cref="VerdictStatus.Unsupported"/> verdict: it is neither accepted nor counted as wrong. The
/// extracted answer of a verdict is the program.
/// </summary>
public sealed class CodeVerifier : IVerifier
{
    /// <summary>The reason given for every candidate when there is no runner.</summary>
    public const string NoRunnerReason = "code verification needs the bubblewrap sandbox, which this verifier was not given";

    /// <summary>Programs longer than this are not run: no model answer to a test-checked problem is that long.</summary>
    public const int MaxCodeLength = 1 << 20;

    private readonly ICodeTestRunner? _runner;

    /// <summary>A verifier that runs programs with <paramref name="runner"/>, or reports unsupported when it is null.</summary>
    public CodeVerifier(ICodeTestRunner? runner = null) => _runner = runner;

    /// <summary>The verifier's revision: raise it with every change that could change a verdict, so that
    /// <c>datafactory regrade</c> re-checks what an older revision judged.</summary>
    public const int CurrentVersion = 1;

    /// <inheritdoc />
    public int Version => CurrentVersion;

    /// <inheritdoc />
    public TaskKind Kind => TaskKind.Code;

    /// <inheritdoc />
    public Verdict Verify(Problem problem, string candidate)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (_runner is null)
        {
            return Verdict.Unsupported(NoRunnerReason);
        }

        if (string.IsNullOrWhiteSpace(problem.Tests))
        {
            return Verdict.Unsupported("the problem has no tests");
        }

        var code = CodeBlock.Extract(candidate ?? string.Empty);
        if (code is null)
        {
            return Verdict.Unparseable("no Python code block");
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            return Verdict.Unparseable("the code block is empty");
        }

        if (code.Length > MaxCodeLength)
        {
            return Verdict.Unparseable($"the code is longer than {MaxCodeLength:N0} characters");
        }

        var result = _runner.Run(code, problem.Tests);
        return result.Outcome switch
        {
            CodeTestOutcome.Passed => Verdict.Correct(code, $"{Count(result)} passed"),
            CodeTestOutcome.Failed when result.Total is not null => Verdict.Incorrect(code, $"{result.Passed} of {Count(result)} passed; {result.Detail}"),
            CodeTestOutcome.InvalidTests or CodeTestOutcome.Unavailable => Verdict.Unsupported(result.Detail),
            _ => Verdict.Incorrect(code, result.Detail),
        };
    }

    private static string Count(CodeTestResult result) => result.Total == 1 ? "1 test" : $"{result.Total} tests";
}
