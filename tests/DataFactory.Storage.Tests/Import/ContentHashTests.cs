using DataFactory.Core.Problems;
using DataFactory.Storage.Import;

namespace DataFactory.Storage.Tests.Import;

public sealed class ContentHashTests
{
    private static readonly Problem Base = new()
    {
        Id = "a",
        Prompt = "Reach 10",
        Kind = TaskKind.Countdown,
        Numbers = [1, 2, 3],
        Target = 10,
    };

    [Fact]
    public void The_id_and_metadata_are_not_content() =>
        Assert.Equal(ContentHash.Compute(Base), ContentHash.Compute(Base with { Id = "b", Metadata = "{\"x\":1}" }));

    [Theory]
    [InlineData("prompt")]
    [InlineData("numbers")]
    [InlineData("target")]
    [InlineData("kind")]
    [InlineData("answer")]
    public void Changing_what_the_problem_asks_changes_the_hash(string field)
    {
        var changed = field switch
        {
            "prompt" => Base with { Prompt = "Reach 11" },
            "numbers" => Base with { Numbers = [1, 2, 4] },
            "target" => Base with { Target = 11 },
            "kind" => Base with { Kind = TaskKind.Game24 },
            _ => Base with { Answer = "1+2*3+3" },
        };

        Assert.NotEqual(ContentHash.Compute(Base), ContentHash.Compute(changed));
    }

    [Fact]
    public void A_missing_list_differs_from_an_empty_one() =>
        Assert.NotEqual(ContentHash.Compute(Base with { Numbers = null }), ContentHash.Compute(Base with { Numbers = [] }));
}
