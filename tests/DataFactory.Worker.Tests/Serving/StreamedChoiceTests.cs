using DataFactory.Worker.Serving;

namespace DataFactory.Worker.Tests.Serving;

public sealed class StreamedChoiceTests
{
    [Theory]
    [InlineData("The sum is 42", 13)]
    [InlineData("The sum is 42\nFin", 14)]
    [InlineData("The sum is 42\nFinal answer: 42", 14)]
    [InlineData("The sum is 42\nF", 14)]
    [InlineData("", 0)]
    public void Text_that_could_still_start_a_stop_string_is_held_back(string text, int safe)
    {
        Assert.Equal(safe, StreamedChoice.SafeLength(text, ["Final answer", "\n\n"]));
    }

    [Fact]
    public void A_newline_is_held_back_while_it_may_start_a_double_newline_stop()
    {
        Assert.Equal(5, StreamedChoice.SafeLength("12+30\n", ["\n\n"]));
        Assert.Equal(5, StreamedChoice.SafeLength("12+30\n\nmore", ["\n\n"]));
        Assert.Equal(7, StreamedChoice.SafeLength("12+30\nx", ["\n\n"]));
    }

    [Fact]
    public void Without_stop_strings_everything_is_sent()
    {
        Assert.Equal(9, StreamedChoice.SafeLength("anything.", []));
        Assert.Equal(3, StreamedChoice.SafeLength("abc", [""]));
    }
}
