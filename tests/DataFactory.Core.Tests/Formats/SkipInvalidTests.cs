using DataFactory.Core.Formats;

namespace DataFactory.Core.Tests.Formats;

public sealed class SkipInvalidTests
{
    private static readonly ImportOptions Skip = new() { SkipInvalid = true };

    [Fact]
    public void Returns_the_valid_lines_and_reports_every_skipped_one()
    {
        var result = Import.Text(string.Join('\n',
            """{"id":"a","numbers":[1,2,3,4]}""",
            """{"id":"b","numbers":[1,2,3]}""",
            "",
            "{oops",
            """{"id":"a","numbers":[4,3,2,1]}""",
            """{"id":"c","numbers":[1,1,1,1]}""",
            """{"id":"d","numbers":[1,2,"x",4]}""") + "\n", Skip);

        Assert.Equal(["a", "c"], result.Problems.Select(p => p.Id));
        Assert.Equal([1L, 2, 3, 4], result.Problems[0].Numbers);
        Assert.Equal([2, 4, 5, 7], result.Skipped.Select(e => e.Line));
        Assert.Equal(["numbers", null, "id", "numbers[2]"], result.Skipped.Select(e => e.Field));
        Assert.All(result.Skipped, e => Assert.Equal(Import.FileName, e.File));
        Assert.Equal(7, result.LinesRead);
    }

    [Fact]
    public void Reports_more_than_the_exception_cap_when_skipping()
    {
        var lines = Enumerable.Range(0, 1200).Select(_ => "[]").Append("""{"ciphertext":"ab","plaintext":"c"}""");

        var result = Import.Text(string.Join('\n', lines), Skip);

        Assert.Single(result.Problems);
        Assert.Equal(1200, result.Skipped.Count);
    }

    [Fact]
    public void A_file_with_no_valid_line_is_rejected_even_when_skipping()
    {
        var exception = Import.Rejects("{\n[]\n", Skip);

        Assert.Equal(3, exception.ErrorCount);
        Assert.Equal("problems.jsonl: no valid problem lines; 2 invalid lines skipped", exception.Errors[0].ToString());
        Assert.Equal([0, 1, 2], exception.Errors.Select(e => e.Line));
    }

    [Fact]
    public void Nothing_is_skipped_in_a_clean_file()
    {
        var result = Import.Fixture("math_format_sample.jsonl", Skip);

        Assert.Empty(result.Skipped);
        Assert.Equal(12, result.Problems.Count);
    }
}
