using DataFactory.Core.Problems;
using DataFactory.Core.Verification;

namespace DataFactory.Core.Tests.Verification;

/// <summary>A problem whose gold answer its verifier cannot use is caught before any candidate is sampled.</summary>
public sealed class ProblemCheckTests
{
    private static readonly VerifierRegistry Verifiers = VerifierRegistry.CreateDefault();

    [Theory]
    [InlineData("42")]
    [InlineData("\\frac{1}{2}")]
    [InlineData("\\boxed{3\\sqrt{2}}")]
    [InlineData("(1, 2]")]
    [InlineData("x = 3")]
    [InlineData("#### 1,450")]
    public void Accepts_math_gold_answers_the_verifier_reads(string gold) =>
        Assert.Null(Verifiers.CheckProblem(Math(gold)));

    [Theory]
    [InlineData("no idea at all")]
    [InlineData("   ")]
    public void Rejects_math_gold_answers_the_verifier_cannot_read(string gold)
    {
        var reason = Verifiers.CheckProblem(Math(gold));

        Assert.NotNull(reason);
        Assert.Contains("gold answer", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_math_gold_can_never_be_verified_correct()
    {
        // The check and the verifier agree: what the check rejects, no candidate can match.
        var problem = Math("no idea at all");
        Assert.False(Verifiers.Verify(problem, "The answer is no idea at all.").IsCorrect);
        Assert.False(Verifiers.Verify(problem, "\\boxed{no idea at all}").IsCorrect);
    }

    [Theory]
    [InlineData("B")]
    [InlineData("(c)")]
    [InlineData("seven")]
    public void Accepts_a_multiple_choice_gold_that_names_an_option(string gold) =>
        Assert.Null(Verifiers.CheckProblem(Choice(gold)));

    [Theory]
    [InlineData("E")]
    [InlineData("eight")]
    public void Rejects_a_multiple_choice_gold_that_is_not_an_option(string gold)
    {
        var reason = Verifiers.CheckProblem(Choice(gold));

        Assert.NotNull(reason);
        Assert.Contains("3 options", reason, StringComparison.Ordinal);
        Assert.Equal(VerdictStatus.Unsupported, Verifiers.Verify(Choice(gold), "B").Status);
    }

    [Theory]
    [InlineData(TaskKind.Exact)]
    [InlineData(TaskKind.Cipher)]
    public void Rejects_a_blank_text_gold(TaskKind kind)
    {
        var problem = new Problem { Id = "t", Prompt = "?", Kind = kind, Answer = "  " };

        Assert.NotNull(Verifiers.CheckProblem(problem));
        Assert.Null(Verifiers.CheckProblem(problem with { Answer = "hello world" }));
    }

    [Fact]
    public void Puzzles_need_no_gold_answer()
    {
        var game = new Problem { Id = "g", Prompt = "24", Kind = TaskKind.Game24, Numbers = [4, 7, 8, 1] };

        Assert.Null(Verifiers.CheckProblem(game));
    }

    private static Problem Math(string gold) => new() { Id = "m", Prompt = "?", Kind = TaskKind.Math, Answer = gold };

    private static Problem Choice(string gold) =>
        new() { Id = "c", Prompt = "?", Kind = TaskKind.MultipleChoice, Answer = gold, Options = ["six", "seven", "nine"] };
}
