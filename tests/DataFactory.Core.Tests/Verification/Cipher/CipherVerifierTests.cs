using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Core.Verification.Cipher;

namespace DataFactory.Core.Tests.Verification.Cipher;

public sealed class CipherVerifierTests
{
    private static readonly CipherVerifier Verifier = new();

    private static Problem Cipher(string? plaintext) => new()
    {
        Id = "k",
        Prompt = "Decode the Caesar cipher (shift 3): WKH TXLFN EURZQ IRA",
        Kind = TaskKind.Cipher,
        Answer = plaintext,
    };

    [Theory]
    [InlineData("Final answer: THE QUICK BROWN FOX")]
    [InlineData("Shifting back by 3:\nthe  quick brown fox.")]
    [InlineData("The answer is \"the quick brown fox\"")]
    [InlineData("\\boxed{\\text{The Quick Brown Fox}}")]
    public void Accepts_the_plaintext_after_normalisation(string candidate)
    {
        var verdict = Verifier.Verify(Cipher("the quick brown fox"), candidate);
        Assert.True(verdict.IsCorrect, verdict.Reason);
    }

    [Theory]
    [InlineData("Final answer: the quick brown box")]
    [InlineData("Final answer: thequickbrownfox")]
    [InlineData("Final answer: the quick, brown fox")]
    public void Rejects_any_other_plaintext(string candidate)
    {
        Assert.Equal(VerdictStatus.Incorrect, Verifier.Verify(Cipher("the quick brown fox"), candidate).Status);
    }

    [Fact]
    public void Problem_without_plaintext_is_unsupported()
    {
        Assert.Equal(VerdictStatus.Unsupported, Verifier.Verify(Cipher(null), "x").Status);
    }
}
