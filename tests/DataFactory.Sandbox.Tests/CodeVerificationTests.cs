using DataFactory.Core.Problems;
using DataFactory.Core.Verification;

namespace DataFactory.Sandbox.Tests;

/// <summary>Code problems verified end to end: the default registry with the real sandbox.</summary>
public sealed class CodeVerificationTests
{
    private const string AddTests = """
        import unittest

        assert add(1, 2) == 3

        def test_negative():
            assert add(-2, -3) == -5

        class AddTests(unittest.TestCase):
            def test_zero(self):
                self.assertEqual(add(0, 0), 0)

            def test_large(self):
                self.assertEqual(add(10**20, 1), 10**20 + 1)
        """;

    [Fact]
    public void Correct_solution_passes_every_kind_of_test()
    {
        var verdict = Verify(AddTests, "Add them.\n```python\ndef add(a, b):\n    return a + b\n```\nDone.");

        Assert.Equal(VerdictStatus.Correct, verdict.Status);
        Assert.Equal("def add(a, b):\n    return a + b", verdict.Extracted);
        Assert.Equal("4 tests passed", verdict.Reason);
    }

    [Fact]
    public void Wrong_solution_is_incorrect_and_names_the_first_failing_test()
    {
        var verdict = Verify(AddTests, "```python\ndef add(a, b):\n    return a + b if a >= 0 else 0\n```");

        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.StartsWith("3 of 4 tests passed; test_negative: tests.py:6: assert add(-2, -3) == -5: AssertionError", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Solution_that_fails_a_unittest_case_is_incorrect()
    {
        var verdict = Verify(AddTests, "```python\ndef add(a, b):\n    return a + b if a < 100 else 0\n```");

        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Contains("AddTests.test_large: AssertionError", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Solution_that_never_finishes_is_incorrect_with_a_timeout_reason()
    {
        var verdict = Verify("assert add(1, 2) == 3", "```python\nimport time\ndef add(a, b):\n    time.sleep(3600)\n```", shortClock: true);

        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Equal($"killed at the wall-clock limit of {Sandboxes.ShortWallClockSeconds} s", verdict.Reason);
    }

    [Fact]
    public void Code_that_does_not_compile_is_incorrect()
    {
        var verdict = Verify("assert add(1, 2) == 3", "```python\ndef add(a, b)\n    return a + b\n```");

        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Contains("solution.py:1: SyntaxError", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("import sys\nsys.exit(0)")]
    [InlineData("raise SystemExit")]
    [InlineData("import os\nos._exit(0)")]
    [InlineData("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")]
    public void Exiting_before_the_tests_is_not_a_pass(string exit)
    {
        var verdict = Verify("assert add(1, 2) == 3", $"```python\ndef add(a, b):\n    return a + b\n{exit}\n```");

        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
    }

    [Fact]
    public void Forged_report_lines_and_a_forked_child_cannot_turn_a_failure_into_a_pass()
    {
        const string code = """
            import os
            def add(a, b):
                return a + b
            FAKE = ("0" * 32 + ' {"passed": 1, "total": 1, "failure": null}\n').encode()
            for fd in range(1, 40):
                try:
                    os.write(fd, FAKE)
                except OSError:
                    pass
            if os.fork() != 0:
                os.wait()
                raise ValueError("the parent fails while its child passes")
            """;

        var verdict = Verify("assert add(1, 2) == 3", $"```python\n{code}\n```");

        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Contains("ValueError: the parent fails while its child passes", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Tests_can_import_the_solution_module_and_its_main_block_does_not_run()
    {
        const string code = "def add(a, b):\n    return a + b\n\nif __name__ == \"__main__\":\n    print(add(int(input()), 1))";

        var verdict = Verify("from solution import add as plus\n\ndef test_plus():\n    assert plus(2, 2) == 4", $"```py\n{code}\n```");

        Assert.Equal(VerdictStatus.Correct, verdict.Status);
        Assert.Equal("1 test passed", verdict.Reason);
    }

    [Fact]
    public void Answer_without_fences_is_run_as_code()
    {
        var verdict = Verify("assert add(2, 3) == 5", "def add(a, b):\n    return a + b\n");

        Assert.Equal(VerdictStatus.Correct, verdict.Status);
    }

    [Theory]
    [InlineData("def check(candidate):\n    assert candidate(1, 2) == 3", "run nothing")]
    [InlineData("assert add(1, 2) ==", "do not compile")]
    public void Tests_that_cannot_judge_are_unsupported_not_incorrect(string tests, string reason)
    {
        var verdict = Verify(tests, "```python\ndef add(a, b):\n    return a + b\n```");

        Assert.Equal(VerdictStatus.Unsupported, verdict.Status);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_with_only_other_languages_is_unparseable()
    {
        var verdict = Verify("assert add(1, 2) == 3", "```bash\necho 3\n```");

        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);
    }

    [Fact]
    public void Many_candidates_at_once_get_the_verdicts_they_get_alone()
    {
        var candidates = Enumerable.Range(0, 12)
            .Select(i => i % 3 == 0 ? "```python\ndef add(a, b):\n    return a - b\n```" : "```python\ndef add(a, b):\n    return a + b\n```")
            .ToArray();

        var verdicts = candidates.AsParallel().AsOrdered().WithDegreeOfParallelism(6).Select(c => Verify(AddTests, c)).ToArray();

        for (var i = 0; i < verdicts.Length; i++)
        {
            var expected = i % 3 == 0 ? VerdictStatus.Incorrect : VerdictStatus.Correct;
            Assert.True(verdicts[i].Status == expected, $"candidate {i}: {verdicts[i].Status}: {verdicts[i].Reason}");
        }
    }

    private static Verdict Verify(string tests, string candidate, bool shortClock = false)
    {
        var registry = VerifierRegistry.CreateDefault(Sandboxes.Ready(shortClock));
        var problem = new Problem { Id = "add", Prompt = "Write add(a, b).", Kind = TaskKind.Code, Tests = tests };
        return registry.Verify(problem, candidate);
    }
}
