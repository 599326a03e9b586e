using System.Text;
using DataFactory.Core.Formats;

namespace DataFactory.Core.Tests.Formats;

public sealed class LargeLineTests(HugeLineFile file) : IClassFixture<HugeLineFile>
{
    private readonly string _path = file.Path;

    [Fact]
    public void A_100_mb_line_rejects_the_file_naming_the_line()
    {
        var exception = Assert.Throws<ProblemImportException>(() => ProblemFileReader.Read(_path, new ImportOptions()));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(_path, error.File);
        Assert.Equal(2, error.Line);
        Assert.Null(error.Field);
        Assert.Contains("longer than the limit of 16777216 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_100_mb_line_is_skipped_and_the_lines_around_it_are_read()
    {
        var result = ProblemFileReader.Read(_path, new ImportOptions { SkipInvalid = true });

        Assert.Equal(["small", "after"], result.Problems.Select(p => p.Prompt));
        Assert.Equal(["gsm8k-00001", "gsm8k-00003"], result.Problems.Select(p => p.Id));
        Assert.Equal(2, Assert.Single(result.Skipped).Line);
        Assert.Equal(3, result.LinesRead);
    }

    [Fact]
    public void A_raised_line_limit_reads_the_100_mb_line()
    {
        var result = ProblemFileReader.Read(_path, new ImportOptions { MaxLineBytes = 128 * 1024 * 1024 });

        Assert.Equal(3, result.Problems.Count);
        Assert.Equal(HugeLineFile.HugeLineBytes, result.Problems[1].Prompt.Length);
    }

    [Fact]
    public void A_line_just_over_a_small_limit_is_reported_with_its_length()
    {
        var line = Encoding.UTF8.GetBytes("""{"question":"0123456789","answer":"#### 1"}""");

        var exception = Assert.Throws<ProblemImportException>(
            () => Import.Bytes(line, new ImportOptions { MaxLineBytes = line.Length - 1 }));

        Assert.Contains($"({line.Length} bytes)", Assert.Single(exception.Errors).Message, StringComparison.Ordinal);
        Assert.Single(Import.Bytes(line, new ImportOptions { MaxLineBytes = line.Length }).Problems);
    }
}
