using DataFactory.Core.Verification;
using DataFactory.Sandbox;

namespace DataFactory.Cli.Tests;

/// <summary><c>datafactory verify</c> on code lines, their tests run in the real bubblewrap sandbox.</summary>
public sealed class VerifyCodeTests
{
    private const string Tests = "assert add(2, 3) == 5\\ndef test_negative():\\n    assert add(-4, 1) == -3\\n";

    [Fact]
    public async Task Code_lines_run_their_tests_in_the_sandbox()
    {
        var lines = string.Join('\n',
            $$"""{"kind":"code","tests":"{{Tests}}","candidate":"```python\ndef add(a, b):\n    return a + b\n```"}""",
            $$"""{"kind":"code","tests":"{{Tests}}","candidate":"```python\ndef add(a, b):\n    return abs(a) + abs(b)\n```"}""",
            $$"""{"kind":"code","tests":"{{Tests}}","candidate":"No code, sorry.\n```text\n5\n```"}""",
            """{"kind":"code","candidate":"```python\ndef add(a, b):\n    return a + b\n```"}""");

        using var sandbox = new BubblewrapTestRunner(new SandboxOptions());
        var run = await VerifyHarness.RunAsync(() => VerifierRegistry.CreateDefault(sandbox), lines + "\n");

        Assert.True(run.Lines.Length == 4, run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"correct":true,"status":"correct","extracted":"def add(a, b):\n    return a + b","reason":"2 tests passed","steps_checked":0,"first_false_step":null}""", run.Lines[0]);
        Assert.Equal("incorrect", run.Line(1).GetProperty("status").GetString());
        Assert.Equal("1 of 2 tests passed; test_negative: tests.py:3: assert add(-4, 1) == -3: AssertionError", run.Line(1).GetProperty("reason").GetString());
        Assert.Equal("unparseable", run.Line(2).GetProperty("status").GetString());
        Assert.Equal("unsupported", run.Line(3).GetProperty("status").GetString());
        Assert.Equal("the problem has no tests", run.Line(3).GetProperty("reason").GetString());
    }
}
