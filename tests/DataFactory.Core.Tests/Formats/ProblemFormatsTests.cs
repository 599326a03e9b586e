using DataFactory.Core.Formats;

namespace DataFactory.Core.Tests.Formats;

public sealed class ProblemFormatsTests
{
    [Theory]
    [InlineData("auto", ProblemFormat.Auto)]
    [InlineData("generic", ProblemFormat.Generic)]
    [InlineData("GSM8K", ProblemFormat.Gsm8k)]
    [InlineData(" math ", ProblemFormat.Math)]
    [InlineData("game24", ProblemFormat.Game24)]
    [InlineData("countdown", ProblemFormat.Countdown)]
    [InlineData("Cipher", ProblemFormat.Cipher)]
    public void Parses_the_cli_names(string name, ProblemFormat expected)
    {
        Assert.True(ProblemFormats.TryParse(name, out var format));
        Assert.Equal(expected, format);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("jsonl")]
    [InlineData("gsm")]
    public void Rejects_unknown_names(string? name) => Assert.False(ProblemFormats.TryParse(name, out _));

    [Fact]
    public void Every_format_round_trips_through_its_name_and_is_listed()
    {
        foreach (var format in Enum.GetValues<ProblemFormat>())
        {
            var name = format.ToName();
            Assert.True(ProblemFormats.TryParse(name, out var parsed));
            Assert.Equal(format, parsed);
            Assert.Contains(name, ProblemFormats.Names, StringComparison.Ordinal);
        }
    }
}
