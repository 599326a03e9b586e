using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Core.Verification.Code;

namespace DataFactory.Core.Tests.Verification.Code;

/// <summary>The verdict logic of the code verifier, with a recording runner in place of the sandbox.</summary>
public sealed class CodeVerifierTests
{
    private const string Solution = "```python\ndef add(a, b):\n    return a + b\n```";
    private static readonly Problem Problem = new() { Id = "c", Prompt = "Write add.", Kind = TaskKind.Code, Tests = "assert add(1, 2) == 3" };

    [Fact]
    public void Without_a_runner_every_candidate_is_unsupported()
    {
        var verdict = new CodeVerifier().Verify(Problem, Solution);

        Assert.Equal(VerdictStatus.Unsupported, verdict.Status);
        Assert.False(verdict.IsCorrect);
        Assert.Contains("sandbox", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_the_extracted_code_with_the_problem_tests()
    {
        var runner = new RecordingRunner(new CodeTestResult(CodeTestOutcome.Passed, 3, 3, "every test passed"));

        var verdict = new CodeVerifier(runner).Verify(Problem, "Sure.\n" + Solution + "\nThis adds.");

        Assert.Equal(("def add(a, b):\n    return a + b", "assert add(1, 2) == 3"), Assert.Single(runner.Calls));
        Assert.Equal(VerdictStatus.Correct, verdict.Status);
        Assert.Equal("def add(a, b):\n    return a + b", verdict.Extracted);
        Assert.Equal("3 tests passed", verdict.Reason);
    }

    [Theory]
    [InlineData(CodeTestOutcome.Failed, 1, 2, "test_b: AssertionError", VerdictStatus.Incorrect, "1 of 2 tests passed; test_b: AssertionError")]
    [InlineData(CodeTestOutcome.Failed, 0, null, "solution.py:1: SyntaxError: invalid syntax", VerdictStatus.Incorrect, "solution.py:1: SyntaxError: invalid syntax")]
    [InlineData(CodeTestOutcome.TimedOut, null, null, "killed at the wall-clock limit of 10 s", VerdictStatus.Incorrect, "killed at the wall-clock limit of 10 s")]
    [InlineData(CodeTestOutcome.CpuLimitExceeded, null, null, "killed at the CPU-time limit of 5 s", VerdictStatus.Incorrect, "killed at the CPU-time limit of 5 s")]
    [InlineData(CodeTestOutcome.OutputLimitExceeded, null, null, "killed at the output cap of 1 MiB", VerdictStatus.Incorrect, "killed at the output cap of 1 MiB")]
    [InlineData(CodeTestOutcome.Crashed, null, null, "exited with code 0 before the tests finished", VerdictStatus.Incorrect, "exited with code 0 before the tests finished")]
    [InlineData(CodeTestOutcome.InvalidTests, null, null, "the tests run nothing", VerdictStatus.Unsupported, "the tests run nothing")]
    [InlineData(CodeTestOutcome.Unavailable, null, null, "bubblewrap is not installed", VerdictStatus.Unsupported, "bubblewrap is not installed")]
    public void Maps_every_outcome_to_a_verdict_with_its_reason(CodeTestOutcome outcome, int? passed, int? total, string detail, VerdictStatus status, string reason)
    {
        var verdict = new CodeVerifier(new RecordingRunner(new CodeTestResult(outcome, passed, total, detail))).Verify(Problem, Solution);

        Assert.Equal(status, verdict.Status);
        Assert.Equal(reason, verdict.Reason);
        Assert.False(verdict.IsCorrect);
    }

    [Theory]
    [InlineData("```bash\necho 3\n```", VerdictStatus.Unparseable, "no Python code block")]
    [InlineData("```python\n   \n```", VerdictStatus.Unparseable, "the code block is empty")]
    [InlineData("", VerdictStatus.Unparseable, "the code block is empty")]
    public void Answers_without_code_are_unparseable_and_never_run(string candidate, VerdictStatus status, string reason)
    {
        var runner = new RecordingRunner(new CodeTestResult(CodeTestOutcome.Passed, 1, 1, "every test passed"));

        var verdict = new CodeVerifier(runner).Verify(Problem, candidate);

        Assert.Equal(status, verdict.Status);
        Assert.Equal(reason, verdict.Reason);
        Assert.Empty(runner.Calls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  \n")]
    public void A_problem_without_tests_is_unsupported_and_nothing_runs(string? tests)
    {
        var runner = new RecordingRunner(new CodeTestResult(CodeTestOutcome.Passed, 1, 1, "every test passed"));

        var verdict = new CodeVerifier(runner).Verify(Problem with { Tests = tests }, Solution);

        Assert.Equal(VerdictStatus.Unsupported, verdict.Status);
        Assert.Equal("the problem has no tests", verdict.Reason);
        Assert.Empty(runner.Calls);
    }

    [Fact]
    public void Code_over_the_length_limit_is_not_run()
    {
        var runner = new RecordingRunner(new CodeTestResult(CodeTestOutcome.Passed, 1, 1, "every test passed"));

        var verdict = new CodeVerifier(runner).Verify(Problem, "x = 1\n" + new string('#', CodeVerifier.MaxCodeLength));

        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);
        Assert.Empty(runner.Calls);
    }

    [Fact]
    public void The_default_registry_has_no_sandbox_and_a_registry_given_a_runner_uses_it()
    {
        var runner = new RecordingRunner(new CodeTestResult(CodeTestOutcome.Passed, 1, 1, "every test passed"));

        Assert.Equal(VerdictStatus.Unsupported, VerifierRegistry.CreateDefault().Verify(Problem, Solution).Status);
        Assert.Equal(VerdictStatus.Correct, VerifierRegistry.CreateDefault(runner).Verify(Problem, Solution).Status);
        Assert.Single(runner.Calls);
    }

    private sealed class RecordingRunner(CodeTestResult result) : ICodeTestRunner
    {
        public List<(string Code, string Tests)> Calls { get; } = [];

        public CodeTestResult Run(string code, string tests)
        {
            Calls.Add((code, tests));
            return result;
        }
    }
}
