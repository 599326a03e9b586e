using DataFactory.Core.Curation;

namespace DataFactory.Core.Tests.Curation;

public sealed class TraceHashTests
{
    [Fact]
    public void Texts_differing_only_in_white_space_hash_alike() =>
        Assert.Equal(TraceHash.Compute("a  b\r\nc"), TraceHash.Compute(" a b\nc \t"));

    [Fact]
    public void Different_texts_hash_differently() =>
        Assert.NotEqual(TraceHash.Compute("x = 1"), TraceHash.Compute("x = 2"));

    [Fact]
    public void Normalising_collapses_runs_and_trims() =>
        Assert.Equal("a b c", TraceHash.Normalise("\n a \t\tb\r\n\r\nc  "));

    [Theory]
    [InlineData("plain")]
    [InlineData("  lead and trail  ")]
    [InlineData("tabs\tand\u00a0non-breaking\u2003spaces")]
    [InlineData("ünïcödé ∑ 数学 \r\n\r\n next")]
    public void The_hash_is_the_sha256_of_the_normalised_utf8(string text) =>
        Assert.Equal(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(TraceHash.Normalise(text))),
            TraceHash.Compute(text));

    [Fact]
    public void Long_texts_hash_like_short_ones() =>
        Assert.Equal(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(TraceHash.Normalise(new string('x', 5000) + " \n y"))),
            TraceHash.Compute(new string('x', 5000) + " \n y"));
}
