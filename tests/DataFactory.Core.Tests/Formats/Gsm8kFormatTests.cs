using System.Text.Json;
using DataFactory.Core.Formats;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Tests.Formats;

public sealed class Gsm8kFormatTests
{
    [Fact]
    public void Reads_the_gsm8k_train_sample()
    {
        var result = Import.Fixture("gsm8k_train_50.jsonl");

        Assert.Equal(ProblemFormat.Gsm8k, result.DetectedFormat);
        Assert.Equal(50, result.LinesRead);
        Assert.Equal(50, result.Problems.Count);
        Assert.Empty(result.Skipped);
        var first = result.Problems[0];
        Assert.Equal("gsm8k-00001", first.Id);
        Assert.Equal("gsm8k-00050", result.Problems[49].Id);
        Assert.StartsWith("Natalia sold clips to 48 of her friends in April", first.Prompt, StringComparison.Ordinal);
        Assert.Equal(TaskKind.Math, first.Kind);
        Assert.Equal("72", first.Answer);
        Assert.Equal(["72", "10", "5"], result.Problems.Take(3).Select(p => p.Answer));
    }

    [Fact]
    public void Keeps_the_full_solution_in_metadata()
    {
        var first = Import.Fixture("gsm8k_train_50.jsonl").Problems[0];

        using var metadata = JsonDocument.Parse(first.Metadata!);
        var solution = metadata.RootElement.GetProperty("solution").GetString();
        Assert.Equal(
            "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72",
            solution);
        Assert.Contains("<<48/2=24>>", first.Metadata, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#### 1,000", "1000")]
    [InlineData("#### 1,450,000", "1450000")]
    [InlineData("#### -2,125", "-2125")]
    [InlineData("#### 12,345.5", "12345.5")]
    [InlineData("####  18 ", "18")]
    [InlineData("a #### b\n#### 7", "7")]
    [InlineData("#### 3, 4", "3, 4")]
    [InlineData("#### 12,34", "12,34")]
    [InlineData("#### 0.25", "0.25")]
    public void Takes_the_gold_after_the_last_marker_without_thousands_separators(string answer, string expected)
    {
        var line = JsonSerializer.Serialize(new { question = "How many?", answer });

        var problem = Assert.Single(Import.Lines(line).Problems);

        Assert.Equal(expected, problem.Answer);
    }

    [Fact]
    public void Uses_the_id_field_when_present()
    {
        var result = Import.Lines(
            """{"id": "train-7", "question": "q", "answer": "#### 1"}""",
            """{"id": 8, "question": "q", "answer": "#### 2"}""",
            """{"question": "q", "answer": "#### 3"}""");

        Assert.Equal(["train-7", "8", "gsm8k-00003"], result.Problems.Select(p => p.Id));
    }

    [Theory]
    [InlineData("""{"question": "q", "answer": "no marker, 5"}""", "answer", "'####'")]
    [InlineData("""{"question": "q", "answer": "#### "}""", "answer", "nothing after")]
    [InlineData("""{"question": "q"}""", "answer", "required")]
    [InlineData("""{"question": "", "answer": "#### 1"}""", "question", "empty")]
    [InlineData("""{"question": 5, "answer": "#### 1"}""", "question", "a number")]
    [InlineData("""{"question": "q", "answer": 5}""", "answer", "a number")]
    public void Rejects_invalid_gsm8k_lines_naming_the_field(string line, string field, string words)
    {
        var error = Import.SingleError(line);

        Assert.Equal(1, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }
}
