using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Core.Verification.Exact;

namespace DataFactory.Core.Tests.Verification.Exact;

public sealed class ExactMatchVerifierTests
{
    private static Problem Question(string? answer) => new()
    {
        Id = "q",
        Prompt = "What is the capital of France?",
        Kind = TaskKind.Exact,
        Answer = answer,
    };

    [Theory]
    [InlineData("The answer is Paris.")]
    [InlineData("Final answer: paris")]
    [InlineData("\\boxed{\\text{Paris}}")]
    [InlineData("Answer: \"Paris\"")]
    [InlineData("Answer: **Paris**")]
    [InlineData("I think about it.\n\n  PARIS  ")]
    public void Accepts_the_gold_after_normalisation(string candidate)
    {
        var verdict = new ExactMatchVerifier().Verify(Question("Paris"), candidate);
        Assert.True(verdict.IsCorrect, verdict.Reason);
    }

    [Fact]
    public void Collapses_inner_whitespace()
    {
        var verdict = new ExactMatchVerifier().Verify(Question("New York City"), "The answer is New   York\tCity");
        Assert.True(verdict.IsCorrect, verdict.Reason);
    }

    [Theory]
    [InlineData("The answer is Lyon.")]
    [InlineData("The answer is Paris, France")]
    [InlineData("The answer is Par is")]
    public void Rejects_a_different_answer(string candidate)
    {
        var verdict = new ExactMatchVerifier().Verify(Question("Paris"), candidate);
        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.NotNull(verdict.Extracted);
    }

    [Fact]
    public void Case_sensitive_option_rejects_other_case()
    {
        var verifier = new ExactMatchVerifier(new ExactMatchOptions { CaseSensitive = true });
        Assert.Equal(VerdictStatus.Incorrect, verifier.Verify(Question("pH"), "The answer is PH").Status);
        Assert.True(verifier.Verify(Question("pH"), "The answer is pH").IsCorrect);
    }

    [Fact]
    public void Without_whitespace_collapsing_inner_spaces_count()
    {
        var verifier = new ExactMatchVerifier(new ExactMatchOptions { CollapseWhitespace = false });
        Assert.Equal(VerdictStatus.Incorrect, verifier.Verify(Question("a b"), "Answer: a  b").Status);
    }

    [Fact]
    public void Without_punctuation_trimming_a_trailing_mark_counts()
    {
        var verifier = new ExactMatchVerifier(new ExactMatchOptions { TrimPunctuation = false });
        Assert.Equal(VerdictStatus.Incorrect, verifier.Verify(Question("yes"), "\\boxed{yes?}").Status);
        Assert.True(new ExactMatchVerifier().Verify(Question("yes"), "\\boxed{yes?}").IsCorrect);
    }

    [Fact]
    public void Problem_without_gold_is_unsupported()
    {
        Assert.Equal(VerdictStatus.Unsupported, new ExactMatchVerifier().Verify(Question(null), "Paris").Status);
    }

    [Fact]
    public void Empty_output_is_unparseable()
    {
        Assert.Equal(VerdictStatus.Unparseable, new ExactMatchVerifier().Verify(Question("Paris"), "   \n ").Status);
    }
}
