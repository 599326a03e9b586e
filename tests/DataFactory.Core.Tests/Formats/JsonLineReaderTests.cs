using System.Text;
using DataFactory.Core.Formats;

namespace DataFactory.Core.Tests.Formats;

public sealed class JsonLineReaderTests
{
    [Theory]
    [InlineData("a\nb\nc", new[] { "a", "b", "c" })]
    [InlineData("a\nb\nc\n", new[] { "a", "b", "c" })]
    [InlineData("a\r\n\r\nc\r\n", new[] { "a", "", "c" })]
    [InlineData("\n\n", new[] { "", "" })]
    [InlineData("", new string[0])]
    [InlineData("a\rb\n", new[] { "a\rb" })]
    [InlineData("\uFEFFa\n\uFEFFb", new[] { "a", "\uFEFFb" })]
    public void Splits_at_newlines(string text, string[] expected)
    {
        Assert.Equal(expected, ReadAll(Encoding.UTF8.GetBytes(text), maxLineBytes: 100, chunk: int.MaxValue).Select(l => l.Text));
    }

    [Fact]
    public void Reads_the_same_lines_whatever_the_stream_returns_per_read()
    {
        var lines = Enumerable.Range(0, 300).Select(i => new string((char)('a' + (i % 26)), i * 7 % 1000)).ToArray();
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines));

        foreach (var chunk in new[] { 1, 3, 64, 4096, int.MaxValue })
        {
            Assert.Equal(lines, ReadAll(bytes, maxLineBytes: 1000, chunk).Select(l => l.Text));
        }
    }

    [Fact]
    public void A_line_at_the_limit_is_kept_and_one_byte_more_is_too_long()
    {
        var atLimit = new string('x', 100);
        var over = new string('y', 101);
        var bytes = Encoding.UTF8.GetBytes($"{atLimit}\r\n{over}\n{over}\r\nz");

        var lines = ReadAll(bytes, maxLineBytes: 100, chunk: 7);

        Assert.Equal([false, true, true, false], lines.Select(l => l.TooLong));
        Assert.Equal([1, 2, 3, 4], lines.Select(l => l.Number));
        Assert.Equal(atLimit, lines[0].Text);
        Assert.Equal(101, lines[1].Length);
        Assert.Equal("z", lines[3].Text);
    }

    [Fact]
    public void Skips_a_line_many_times_the_buffer_and_reads_on()
    {
        var bytes = Encoding.UTF8.GetBytes($"first\n{new string('x', 1_000_000)}\nlast");

        var lines = ReadAll(bytes, maxLineBytes: 1000, chunk: int.MaxValue);

        Assert.Equal(["first", "", "last"], lines.Select(l => l.Text));
        Assert.True(lines[1].TooLong);
        Assert.Equal(1_000_000, lines[1].Length);
    }

    [Fact]
    public void A_too_long_last_line_without_newline_is_reported()
    {
        var lines = ReadAll(Encoding.UTF8.GetBytes("ok\n" + new string('x', 5000)), maxLineBytes: 10, chunk: 100);

        Assert.Equal(2, lines.Count);
        Assert.True(lines[1].TooLong);
    }

    private static List<(int Number, string Text, bool TooLong, long Length)> ReadAll(byte[] bytes, int maxLineBytes, int chunk)
    {
        using var stream = new TrickleStream(bytes, chunk);
        var reader = new JsonLineReader(stream, maxLineBytes);
        var lines = new List<(int, string, bool, long)>();
        while (reader.TryReadLine(out var line))
        {
            lines.Add((line.Number, Encoding.UTF8.GetString(line.Bytes.Span), line.TooLong, line.Length));
        }

        Assert.Equal(lines.Count, reader.LinesRead);
        return lines;
    }

    /// <summary>A stream that returns at most <c>chunk</c> bytes per read, as pipes and sockets may.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
