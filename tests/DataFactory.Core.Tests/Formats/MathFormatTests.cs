using System.Text.Json;
using DataFactory.Core.Formats;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Tests.Formats;

public sealed class MathFormatTests
{
    [Fact]
    public void Reads_the_gold_from_the_last_box_of_each_solution()
    {
        var result = Import.Fixture("math_format_sample.jsonl");

        Assert.Equal(ProblemFormat.Math, result.DetectedFormat);
        Assert.Equal(
            [@"\frac{11}{8}", "9", "5", "5", @"5\sqrt{2}", "(-3,3)", "12", "0, 4", @"90^\circ", "15", "2", @"\frac{1}{3}"],
            result.Problems.Select(p => p.Answer));
        Assert.All(result.Problems, p => Assert.Equal(TaskKind.Math, p.Kind));
        Assert.Equal("math-00001", result.Problems[0].Id);
        Assert.Equal(@"What is the value of $\frac{3}{4} + \frac{5}{8}$?", result.Problems[0].Prompt);
    }

    [Fact]
    public void Keeps_level_type_and_solution_in_metadata()
    {
        var problem = Import.Fixture("math_format_sample.jsonl").Problems[1];

        using var metadata = JsonDocument.Parse(problem.Metadata!);
        Assert.Equal("Level 1", metadata.RootElement.GetProperty("level").GetString());
        Assert.Equal("Algebra", metadata.RootElement.GetProperty("type").GetString());
        Assert.Equal(@"Add 7 to both sides to get $2x = 18$, so $x = \boxed{9}$.", metadata.RootElement.GetProperty("solution").GetString());
    }

    [Fact]
    public void Reads_math500_with_its_unique_ids_and_answer_field()
    {
        var result = Import.Fixture("math500_test_50.jsonl");

        Assert.Equal(50, result.Problems.Count);
        var first = result.Problems[0];
        Assert.Equal("test/precalculus/807.json", first.Id);
        Assert.Equal(@"\left( 3, \frac{\pi}{2} \right)", first.Answer);
        Assert.Equal("p - q", result.Problems[1].Answer);
        using var metadata = JsonDocument.Parse(first.Metadata!);
        Assert.Equal("Precalculus", metadata.RootElement.GetProperty("subject").GetString());
        Assert.Equal(2, metadata.RootElement.GetProperty("level").GetInt32());
    }

    [Fact]
    public void Prefers_the_answer_field_over_the_box()
    {
        var problem = Assert.Single(Import.Lines("""{"problem": "p", "solution": "so \\boxed{2/4}", "answer": "1/2"}""").Problems);

        Assert.Equal("1/2", problem.Answer);
    }

    [Fact]
    public void Accepts_an_answer_without_a_solution_and_a_numeric_answer()
    {
        var problem = Assert.Single(Import.Lines("""{"id": "m1", "problem": "p", "answer": 42}""").Problems);

        Assert.Equal("42", problem.Answer);
        Assert.Null(problem.Metadata);
    }

    [Fact]
    public void Finds_the_last_box_with_nested_braces()
    {
        var problem = Assert.Single(Import.Lines("""{"problem": "p", "solution": "first \\boxed{1}, then \\boxed{\\frac{a}{b^{2}}}."}""").Problems);

        Assert.Equal(@"\frac{a}{b^{2}}", problem.Answer);
    }

    [Theory]
    [InlineData("""{"problem": "p", "solution": "the answer is 5"}""", "solution", "boxed")]
    [InlineData("""{"problem": "p", "solution": "\\boxed{5"}""", "solution", "boxed")]
    [InlineData("""{"problem": "p"}""", "solution", "required")]
    [InlineData("""{"solution": "\\boxed{5}", "problem": null}""", "problem", "required")]
    [InlineData("""{"problem": ["p"], "solution": "\\boxed{5}"}""", "problem", "an array")]
    [InlineData("""{"problem": "p", "answer": true}""", "answer", "a boolean")]
    [InlineData("""{"problem": "p", "answer": "1", "unique_id": {}}""", "unique_id", "an object")]
    public void Rejects_invalid_math_lines_naming_the_field(string line, string field, string words)
    {
        var exception = Import.Rejects(line, new ImportOptions { Format = ProblemFormat.Math });

        var error = Assert.Single(exception.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }
}
