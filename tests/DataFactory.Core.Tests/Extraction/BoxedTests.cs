using DataFactory.Core.Extraction;

namespace DataFactory.Core.Tests.Extraction;

public sealed class BoxedTests
{
    [Theory]
    [InlineData(@"so \boxed{3} then \boxed{\frac{1}{2}}.", @"\frac{1}{2}")]
    [InlineData(@"\boxed{\left( 3, \frac{\pi}{2} \right)}", @"\left( 3, \frac{\pi}{2} \right)")]
    [InlineData(@"\fbox{42}", "42")]
    [InlineData(@"$\boxed 5$", "5")]
    [InlineData(@"\boxed{a} and a broken \boxed{b", "a")]
    [InlineData(@"\boxed{\{1,2\}}", @"\{1,2\}")]
    public void Finds_the_last_balanced_box(string text, string expected)
    {
        Assert.True(Boxed.TryFindLast(text, out var content));
        Assert.Equal(expected, content);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no box here")]
    [InlineData(@"\boxed{unclosed")]
    [InlineData(@"\boxedx{1}")]
    public void Reports_no_box(string text) => Assert.False(Boxed.TryFindLast(text, out _));

    [Fact]
    public void Deep_nesting_and_many_open_boxes_finish()
    {
        var deep = @"\boxed{" + new string('{', 10_000) + "x" + new string('}', 10_000) + "}";
        Assert.True(Boxed.TryFindLast(deep, out var content));
        Assert.Equal(20_001, content.Length);

        var open = string.Concat(Enumerable.Repeat(@"\boxed{", 100_000));
        Assert.False(Boxed.TryFindLast(open, out _));
    }
}
