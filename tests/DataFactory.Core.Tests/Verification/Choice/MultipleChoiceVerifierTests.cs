using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Core.Verification.Choice;

namespace DataFactory.Core.Tests.Verification.Choice;

public sealed class MultipleChoiceVerifierTests
{
    private static readonly MultipleChoiceVerifier Verifier = new();

    private static readonly string[] Planets = ["Mercury", "Venus", "Earth", "Mars"];

    private static Problem Question(string? answer, IReadOnlyList<string>? options) => new()
    {
        Id = "mc",
        Prompt = "Which planet is closest to the Sun?",
        Kind = TaskKind.MultipleChoice,
        Answer = answer,
        Options = options,
    };

    [Theory]
    [InlineData("The answer is A")]
    [InlineData("The answer is (A).")]
    [InlineData("\\boxed{A}")]
    [InlineData("Answer: A) Mercury")]
    [InlineData("The answer is Mercury")]
    [InlineData("Final answer: mercury.")]
    [InlineData("Mercury is closest.\n\n(A)")]
    public void Accepts_the_gold_letter_or_its_option_text(string candidate)
    {
        var verdict = Verifier.Verify(Question("A", Planets), candidate);
        Assert.True(verdict.IsCorrect, verdict.Reason);
        Assert.Equal("A", verdict.Extracted);
    }

    [Fact]
    public void Gold_given_as_option_text_matches_a_letter()
    {
        var verdict = Verifier.Verify(Question("Earth", Planets), "The answer is C");
        Assert.True(verdict.IsCorrect, verdict.Reason);
    }

    [Fact]
    public void Gold_letter_in_brackets_is_a_letter()
    {
        Assert.True(Verifier.Verify(Question("(d)", Planets), "The answer is D").IsCorrect);
    }

    [Theory]
    [InlineData("The answer is B", "chose B, expected A")]
    [InlineData("The answer is Venus", "chose B, expected A")]
    public void Rejects_another_option(string candidate, string reason)
    {
        var verdict = Verifier.Verify(Question("A", Planets), candidate);
        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Equal(reason, verdict.Reason);
    }

    [Fact]
    public void Rejects_a_letter_beyond_the_options()
    {
        var verdict = Verifier.Verify(Question("A", Planets), "The answer is (F)");
        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Contains("no option F", verdict.Reason);
    }

    [Fact]
    public void Text_that_is_no_option_is_unparseable()
    {
        var verdict = Verifier.Verify(Question("A", Planets), "The answer is Pluto");
        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);
        Assert.Equal("Pluto", verdict.Extracted);
    }

    [Fact]
    public void Letters_compare_without_options()
    {
        Assert.True(Verifier.Verify(Question("C", null), "The answer is (C)").IsCorrect);
        Assert.Equal(VerdictStatus.Incorrect, Verifier.Verify(Question("C", null), "The answer is (B)").Status);
    }

    [Fact]
    public void Gold_text_without_options_compares_text()
    {
        Assert.True(Verifier.Verify(Question("Mercury", null), "The answer is mercury").IsCorrect);
        Assert.Equal(VerdictStatus.Incorrect, Verifier.Verify(Question("Mercury", null), "The answer is Venus").Status);
    }

    [Fact]
    public void Gold_that_is_no_option_is_unsupported()
    {
        Assert.Equal(VerdictStatus.Unsupported, Verifier.Verify(Question("Pluto", Planets), "The answer is A").Status);
        Assert.Equal(VerdictStatus.Unsupported, Verifier.Verify(Question("E", Planets), "The answer is A").Status);
        Assert.Equal(VerdictStatus.Unsupported, Verifier.Verify(Question(null, Planets), "The answer is A").Status);
    }

    [Theory]
    [InlineData("B", 1)]
    [InlineData("(b)", 1)]
    [InlineData("[C]", 2)]
    [InlineData("D.", 3)]
    [InlineData("b)", 1)]
    [InlineData("B) 42", 1)]
    [InlineData("Option C", 2)]
    [InlineData("choice (a)", 0)]
    [InlineData("a dog", -1)]
    [InlineData("Apple", -1)]
    [InlineData("A and C", -1)]
    [InlineData("", -1)]
    [InlineData("(", -1)]
    public void Reads_letter_forms(string text, int index)
    {
        Assert.Equal(index, OptionLetter.Parse(text));
    }
}
