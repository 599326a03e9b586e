using DataFactory.Core.Problems;

namespace DataFactory.Core.Tests.Problems;

public sealed class TaskKindsTests
{
    [Fact]
    public void Every_kind_round_trips_through_its_canonical_name()
    {
        foreach (var kind in TaskKinds.All)
        {
            Assert.True(TaskKinds.TryParse(kind.ToName(), out var parsed));
            Assert.Equal(kind, parsed);
        }
    }

    [Theory]
    [InlineData("MATH", TaskKind.Math)]
    [InlineData(" multiple_choice ", TaskKind.MultipleChoice)]
    [InlineData("24", TaskKind.Game24)]
    public void Accepts_aliases_and_ignores_case(string name, TaskKind expected)
    {
        Assert.True(TaskKinds.TryParse(name, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("algebra")]
    [InlineData(null)]
    public void Rejects_unknown_names(string? name) => Assert.False(TaskKinds.TryParse(name, out _));
}
