using DataFactory.Storage.Writing;

namespace DataFactory.Storage.Tests.Writing;

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
}
