using DataFactory.Core.Verification.MathAnswers;

namespace DataFactory.Core.Tests.Verification.MathAnswers;

public sealed class AnswerPartsTests
{
    [Theory]
    [InlineData("1,22", "1.22")]
    [InlineData("1000,99", "1000.99")]
    [InlineData("0,111", "0.111")]
    [InlineData("-2,74", "-2.74")]
    [InlineData("1,000", "1,000")]
    [InlineData("1,2", "1,2")]
    [InlineData("-2,1", "-2,1")]
    [InlineData("1,2,3", "1,2,3")]
    public void Reads_a_lone_decimal_comma_only(string text, string expected) =>
        Assert.Equal(expected, DecimalComma.Apply(text));

    [Theory]
    [InlineData(@"so \boxed{1} and \boxed{2}", "1, 2")]
    [InlineData(@"\boxed{(2, 2)} \quad \text{and} \quad \boxed{(6, 2)}", "(2, 2), (6, 2)")]
    [InlineData(@"\boxed{2}, \boxed{3}, \boxed{5}", "2, 3, 5")]
    [InlineData(@"\boxed{1} no no no no no \boxed{2}", "2")]
    [InlineData(@"First \boxed{1}. Then, much later in a new sentence, \boxed{2}", "2")]
    [InlineData(@"\boxed{\boxed{7}}", @"\boxed{7}")]
    public void Joins_boxes_that_state_one_answer(string text, string expected) =>
        Assert.Equal(expected, BoxGroups.JoinedLast(text));

    [Theory]
    [InlineData(@"\\frac{1}{2}", @"\frac{1}{2}")]
    [InlineData(@"$-2 \\le x \\le 7$", @"$-2 \le x \le 7$")]
    [InlineData(@"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", @"\begin{pmatrix} 1 \\ 2 \end{pmatrix}")]
    public void Collapses_doubled_backslashes_before_commands_only(string text, string expected) =>
        Assert.Equal(expected, Backslashes.Collapse(text));

    [Theory]
    [InlineData("(1, 2)", "Bracket")]
    [InlineData("[1, 2)", "Bracket")]
    [InlineData(@"\{1, 2\}", "Set")]
    [InlineData("1, 2", "List")]
    [InlineData(@"\begin{pmatrix} 1 & 2 \end{pmatrix}", "Matrix")]
    [InlineData("x < 3", "Relation")]
    [InlineData(@"[0, 1] \cup [2, 3]", "SetOperation")]
    [InlineData("3:4", "Ratio")]
    [InlineData("Evelyn", "Text")]
    [InlineData(@"918\frac{1}{2}", "Add")]
    [InlineData("10 cm", "Number")]
    public void Parses_answer_shapes(string text, string kind) => Assert.Equal(kind, MathParser.Parse(text)?.Kind.ToString());

    [Theory]
    [InlineData("5 +")]
    [InlineData("(1]")]
    [InlineData("the number is 5")]
    [InlineData("I could not work it out")]
    [InlineData(@"\begin{pmatrix} 1 & 2 \\ 3 \end{pmatrix}")]
    public void Rejects_what_is_not_an_answer(string text) => Assert.Null(MathParser.Parse(text));
}
