using DataFactory.Core.Formats;

namespace DataFactory.Core.Tests.Formats;

public sealed class AutoDetectionTests
{
    [Theory]
    [InlineData("""{"id":"a","kind":"math","prompt":"p","answer":"1"}""", ProblemFormat.Generic)]
    [InlineData("""{"question":"q","answer":"#### 1"}""", ProblemFormat.Gsm8k)]
    [InlineData("""{"problem":"p","solution":"\\boxed{1}"}""", ProblemFormat.Math)]
    [InlineData("""{"numbers":[1,2,3,4]}""", ProblemFormat.Game24)]
    [InlineData("""{"numbers":[1,2,3,4],"target":10}""", ProblemFormat.Countdown)]
    [InlineData("""{"ciphertext":"ab","plaintext":"c"}""", ProblemFormat.Cipher)]
    [InlineData("""{"numbers":[1,2,3,4],"prompt":"Make 24"}""", ProblemFormat.Game24)]
    public void Detects_the_format_from_the_first_line(string line, ProblemFormat expected)
    {
        Assert.Equal(expected, Import.Lines(line).DetectedFormat);
    }

    [Fact]
    public void Detection_looks_past_leading_blank_lines()
    {
        var result = Import.Text("\n  \n\t\n" + """{"question":"q","answer":"#### 1"}""" + "\n");

        Assert.Equal(ProblemFormat.Gsm8k, result.DetectedFormat);
        Assert.Equal("gsm8k-00004", Assert.Single(result.Problems).Id);
        Assert.Equal(4, result.LinesRead);
    }

    [Fact]
    public void An_explicit_format_wins_over_detection()
    {
        var line = """{"question":"q","answer":"#### 1"}""";

        var exception = Import.Rejects(line, new ImportOptions { Format = ProblemFormat.Math });

        var error = Assert.Single(exception.Errors);
        Assert.Equal("problem", error.Field);
        Assert.Contains("required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_explicit_format_as_the_detected_one()
    {
        var result = Import.Text("""{"numbers":[1,2,3,4],"target":24}""" + "\n", new ImportOptions { Format = ProblemFormat.Countdown });

        Assert.Equal(ProblemFormat.Countdown, result.DetectedFormat);
    }

    [Fact]
    public void Later_lines_are_read_in_the_detected_format()
    {
        var error = Import.SingleError(
            """{"question":"q","answer":"#### 1"}""",
            """{"problem":"p","solution":"\\boxed{1}"}""");

        Assert.Equal(2, error.Line);
        Assert.Equal("question", error.Field);
    }

    [Fact]
    public void A_line_of_no_known_format_is_an_error_listing_the_formats()
    {
        var error = Import.SingleError("""{"text":"hello","label":1}""");

        Assert.Equal(1, error.Line);
        Assert.Null(error.Field);
        Assert.Contains("cannot detect the format", error.Message, StringComparison.Ordinal);
        Assert.Contains("question+answer (gsm8k)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_skipping_detection_moves_on_to_the_first_valid_line()
    {
        var result = Import.Text(
            "not json\n" + """{"text":"x"}""" + "\n" + """{"ciphertext":"ab","plaintext":"c"}""" + "\n",
            new ImportOptions { SkipInvalid = true });

        Assert.Equal(ProblemFormat.Cipher, result.DetectedFormat);
        Assert.Equal("cipher-00003", Assert.Single(result.Problems).Id);
        Assert.Equal([1, 2], result.Skipped.Select(e => e.Line));
    }
}
