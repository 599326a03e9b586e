using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Core.Verification.Code;

namespace DataFactory.Sandbox.Tests;

/// <summary>Without a working sandbox no code runs: the verdict says why instead.</summary>
public sealed class AvailabilityTests
{
    [Fact]
    public void Missing_bubblewrap_gives_an_unsupported_verdict_and_runs_nothing()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"datafactory-unsandboxed-{Guid.NewGuid():N}");
        var options = Sandboxes.Options();
        options.BubblewrapPath = "/nonexistent/bwrap";
        using var runner = new BubblewrapTestRunner(options);
        var problem = new Problem { Id = "c", Prompt = "p", Kind = TaskKind.Code, Tests = "assert True" };

        var verdict = VerifierRegistry.CreateDefault(runner).Verify(problem, $"```python\nopen(\"{marker}\", \"w\").write(\"ran\")\n```");

        Assert.Equal(VerdictStatus.Unsupported, verdict.Status);
        Assert.Contains("bubblewrap is not installed: /nonexistent/bwrap does not exist", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(verdict.Reason, runner.CheckAvailability());
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Missing_python_is_reported_as_unavailable()
    {
        var options = Sandboxes.Options();
        options.PythonPath = "/usr/bin/python-that-is-not-there";
        using var runner = new BubblewrapTestRunner(options);

        var result = runner.Run("x = 1", "assert x == 1");

        Assert.Equal(CodeTestOutcome.Unavailable, result.Outcome);
        Assert.Contains("/usr/bin/python-that-is-not-there does not exist", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Bubblewrap_installed_after_a_failure_is_used_without_a_restart()
    {
        var bwrap = Path.Combine(Path.GetTempPath(), $"datafactory-bwrap-{Guid.NewGuid():N}");
        var options = Sandboxes.Options();
        options.BubblewrapPath = bwrap;
        using var runner = new BubblewrapTestRunner(options);
        try
        {
            Assert.Equal(CodeTestOutcome.Unavailable, runner.Run("x = 1", "assert x == 1").Outcome);

            File.CreateSymbolicLink(bwrap, "/usr/bin/bwrap");

            Assert.Null(runner.CheckAvailability());
            Assert.Equal(CodeTestOutcome.Passed, runner.Run("x = 1", "assert x == 1").Outcome);
        }
        finally
        {
            File.Delete(bwrap);
        }
    }
}
