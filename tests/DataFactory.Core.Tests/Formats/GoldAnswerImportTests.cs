using DataFactory.Core.Formats;

namespace DataFactory.Core.Tests.Formats;

/// <summary>A gold answer the problem's verifier cannot use rejects the line at import, naming the field.</summary>
public sealed class GoldAnswerImportTests
{
    [Fact]
    public void Rejects_a_math_gold_answer_the_verifier_cannot_read()
    {
        var error = Import.SingleError(
            """{"id":"a","kind":"math","prompt":"1+1?","answer":"2"}""",
            """{"id":"b","kind":"math","prompt":"What is it?","answer":"no idea at all"}""");

        Assert.Equal(2, error.Line);
        Assert.Equal("answer", error.Field);
        Assert.StartsWith("problems.jsonl:2: answer: the math verifier finds no answer", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_multiple_choice_gold_outside_the_options()
    {
        var error = Import.SingleError("""{"id":"q","kind":"multiple-choice","prompt":"Pick","options":["red","blue"],"answer":"C"}""");

        Assert.Equal("answer", error.Field);
        Assert.Contains("2 options", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_the_solution_when_the_math_gold_comes_from_its_box()
    {
        var error = Import.SingleError("""{"problem":"Name it.","solution":"It is \\boxed{no idea at all}."}""");

        Assert.Equal("solution", error.Field);
    }

    [Fact]
    public void Skips_such_a_line_when_asked_and_keeps_the_rest()
    {
        var result = Import.Text(
            """
            {"id":"a","kind":"math","prompt":"1+1?","answer":"2"}
            {"id":"b","kind":"math","prompt":"What is it?","answer":"no idea at all"}
            """,
            new ImportOptions { SkipInvalid = true });

        Assert.Equal("a", Assert.Single(result.Problems).Id);
        Assert.Equal(2, Assert.Single(result.Skipped).Line);
    }
}
