using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Core.Verification.Code;

namespace DataFactory.Core.Tests.Verification.Code;

public sealed class CodeVerifierTests
{
    [Fact]
    public void Reports_unsupported_until_the_sandbox_exists()
    {
        var problem = new Problem { Id = "c", Prompt = "Write add.", Kind = TaskKind.Code, Tests = "assert add(1, 2) == 3" };
        var verdict = new CodeVerifier().Verify(problem, "```python\ndef add(a, b):\n    return a + b\n```");
        Assert.Equal(VerdictStatus.Unsupported, verdict.Status);
        Assert.False(verdict.IsCorrect);
        Assert.Contains("sandbox", verdict.Reason);
    }
}
