using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Core.Verification.MathAnswers;

namespace DataFactory.Core.Tests.Verification.MathAnswers;

public sealed class MathVerifierTests
{
    private static Problem ProblemWith(string? answer) => new() { Id = "p1", Prompt = "?", Kind = TaskKind.Math, Answer = answer };

    [Theory]
    [InlineData(@"\frac12", "0.5")]
    [InlineData("1,000", "1000")]
    [InlineData("3.0", "3")]
    [InlineData("-0", "0")]
    [InlineData(@"\frac{\sqrt{2}}{2}", @"\frac{1}{\sqrt{2}}")]
    [InlineData(@"\sqrt{2}/2", @"\frac{1}{\sqrt{2}}")]
    [InlineData(@"50\%", "50")]
    [InlineData(@"50\%", "0.5")]
    [InlineData("3", "x = 3")]
    [InlineData("10", "10 cm")]
    [InlineData("10", @"10\text{ cm}")]
    [InlineData("1/3", "0.3333333")]
    [InlineData(@"\dfrac{3}{4}", "0.75")]
    [InlineData(@"2\frac{1}{2}", "2.5")]
    [InlineData("1500", "1.5e3")]
    [InlineData("1500", @"1.5 \times 10^{3}")]
    [InlineData(@"\left( 3, \frac{\pi}{2} \right)", @"(3, \pi/2)")]
    [InlineData(@"\{1, 2, 3\}", @"\{3, 2, 1\}")]
    [InlineData(@"[2, 5)", @"[2,5)")]
    [InlineData(@"30^\circ", "30")]
    [InlineData(@"\text{(A)}", "A")]
    [InlineData("(x+1)^2", "x^2+2x+1")]
    [InlineData("1234.5", @"\$1,234.50")]
    [InlineData(@"2\sqrt{2}", @"\sqrt{8}")]
    [InlineData(@"-\frac{7}{2}", "-3.5")]
    [InlineData("54", "204_5")]
    [InlineData("2x+3", "y = 2x + 3")]
    [InlineData("[0,1)", @"x \in [0, 1)")]
    [InlineData(@"3 \pm \sqrt{2}", @"3 - \sqrt2, 3 + \sqrt2")]
    [InlineData("x > 5", "5 < x")]
    [InlineData("2x + 4y = 6", "x + 2y - 3 = 0")]
    [InlineData("1,234,567", "1234567")]
    [InlineData(@"\$10", "10 dollars")]
    [InlineData(@"(-\infty, 0]", @"(-\infty,0]")]
    [InlineData(@"\infty", "∞")]
    [InlineData("2^{60000}", @"2^{59999} \cdot 2")]
    public void Accepts_equivalent_answers(string gold, string prediction) =>
        Assert.True(MathVerifier.AreEquivalent(gold, prediction), $"{gold} should equal {prediction}");

    [Theory]
    [InlineData("12", "21")]
    [InlineData("1000", "100")]
    [InlineData("3.14", "314")]
    [InlineData("2/3", "3/2")]
    [InlineData("-5", "5")]
    [InlineData("0.5", "5")]
    [InlineData("1/3", "0.333")]
    [InlineData("(1,2)", "[1,2]")]
    [InlineData("(1,2)", "(2,1)")]
    [InlineData("[0,1)", "[0,1]")]
    [InlineData(@"2\pi", "6.28")]
    [InlineData("5", "5.001")]
    [InlineData("12000023", "12000024")]
    [InlineData("x^2", "x^3")]
    [InlineData(@"\sqrt{2}", "1.41")]
    [InlineData(@"\{1,2\}", @"\{1,2,3\}")]
    [InlineData("x > 5", "x < 5")]
    [InlineData("x < 5", "x <= 5")]
    [InlineData("2x + 1 = 0", "1")]
    [InlineData("odd", "even")]
    [InlineData("123", "1234")]
    [InlineData(@"\frac{1}{2004!}", @"\frac{1}{2006!}")]
    [InlineData("2^{100000}", "2^{100001}")]
    [InlineData(@"\infty", "2^{100000}")]
    public void Rejects_different_answers(string gold, string prediction) =>
        Assert.False(MathVerifier.AreEquivalent(gold, prediction), $"{gold} should differ from {prediction}");

    [Fact]
    public void Percent_matches_only_its_number_when_fractions_are_off()
    {
        var strict = new MathVerifier(new MathVerifierOptions { PercentMatchesFraction = false });
        Assert.False(strict.Check(@"50\%", "0.5").IsCorrect);
        Assert.True(strict.Check(@"50\%", "50").IsCorrect);
        Assert.True(strict.Check("50%", @"50\%").IsCorrect);
    }

    [Fact]
    public void A_tighter_tolerance_rejects_a_shorter_decimal()
    {
        var tight = new MathVerifier(new MathVerifierOptions { RelativeTolerance = 1e-9 });
        Assert.False(tight.Check("1/3", "0.3333333").IsCorrect);
        Assert.True(tight.Check("1/3", "0.333333333333").IsCorrect);
    }

    [Fact]
    public void Verifies_a_full_output_and_reports_the_extracted_answer()
    {
        var verdict = new MathVerifier().Verify(ProblemWith("0.5"), @"We halve 1, so the answer is $\boxed{\frac{1}{2}}$.");
        Assert.Equal(VerdictStatus.Correct, verdict.Status);
        Assert.Equal(@"\frac{1}{2}", verdict.Extracted);
        Assert.Equal("equivalent", verdict.Reason);
    }

    [Fact]
    public void Explains_a_wrong_answer()
    {
        var verdict = new MathVerifier().Verify(ProblemWith("5"), "2 + 5 = 7.\n#### 7");
        Assert.Equal(VerdictStatus.Incorrect, verdict.Status);
        Assert.Equal("7", verdict.Extracted);
        Assert.Equal("not equivalent: 7 vs 5", verdict.Reason);
    }

    [Theory]
    [InlineData("I could not work it out.", "no answer found")]
    [InlineData("", "no answer found")]
    [InlineData(@"So the result is \boxed{3 +}", "answer not parseable")]
    public void Reports_a_missing_or_unreadable_answer(string candidate, string reason)
    {
        var verdict = new MathVerifier().Verify(ProblemWith("5"), candidate);
        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);
        Assert.Equal(reason, verdict.Reason);
    }

    [Fact]
    public void Reports_an_unreadable_gold_answer()
    {
        var verdict = new MathVerifier().Verify(ProblemWith("5 +"), @"\boxed{5}");
        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);
        Assert.Equal("gold answer not parseable", verdict.Reason);
    }

    [Fact]
    public void A_problem_without_a_gold_answer_is_unsupported()
    {
        var verdict = new MathVerifier().Verify(ProblemWith(null), @"\boxed{5}");
        Assert.Equal(VerdictStatus.Unsupported, verdict.Status);
    }

    [Fact]
    public void Verifies_math_problems() => Assert.Equal(TaskKind.Math, new MathVerifier().Kind);

    [Fact]
    public void Gives_the_same_verdict_every_time()
    {
        var verifier = new MathVerifier();
        var first = verifier.Verify(ProblemWith(@"\frac{\sqrt{3}}{2}"), @"Thus $\sin 60^\circ = \boxed{\frac{1}{2}\sqrt{3}}$.");
        var second = verifier.Verify(ProblemWith(@"\frac{\sqrt{3}}{2}"), @"Thus $\sin 60^\circ = \boxed{\frac{1}{2}\sqrt{3}}$.");
        Assert.Equal(first, second);
        Assert.True(first.IsCorrect);
    }

    public static TheoryData<string> Hostile => new()
    {
        new string('9', 1_000_000),
        @"\boxed{" + new string('{', 10_000) + "5" + new string('}', 10_000) + "}",
        @"\boxed{" + new string('(', 10_000) + "5" + new string(')', 10_000) + "}",
        string.Concat(Enumerable.Repeat(@"\boxed{", 100_000)),
        @"\boxed{" + string.Concat(Enumerable.Repeat("2^{", 2_000)) + "2" + new string('}', 2_000) + "}",
        @"\boxed{" + string.Concat(Enumerable.Repeat("5000!/", 100)) + "1}",
        @"\boxed{2^{2^{2^{2^{2^{100}}}}}}",
        @"\boxed{\frac{1}{0}}",
        @"\boxed{0^{-1}}",
        @"\boxed{(-8)^{1/3} + \sqrt{-1} + \ln(-1) + \tan(\pi/2)}",
        string.Concat(Enumerable.Repeat(@"\left( [ \{ $ \frac{ \begin{pmatrix} & \\ ", 2_000)),
        @"\boxed{\begin{pmatrix} 1 & 2 \\ 3 \end{pmatrix}}",
        "$$$$$$$$ #### A: \\boxed \\fbox{",
        @"\boxed{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70}",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Gives_a_verdict_on_hostile_candidates(string candidate)
    {
        var verdict = new MathVerifier().Verify(ProblemWith("5"), candidate);
        Assert.False(verdict.IsCorrect);
        Assert.False(string.IsNullOrEmpty(verdict.Reason));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Gives_a_verdict_on_hostile_gold_answers(string gold)
    {
        var verdict = new MathVerifier().Check(gold, "5");
        Assert.False(string.IsNullOrEmpty(verdict.Reason));
    }
}
