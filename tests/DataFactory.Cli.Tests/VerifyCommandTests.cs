using System.Text.Json;

namespace DataFactory.Cli.Tests;

public sealed class VerifyCommandTests
{
    private const string Game24Ok = """{"kind":"game24","numbers":[4,7,8,1],"candidate":"Answer: (8 - 4) * (7 - 1) = 24"}""";
    private const string Game24Wrong = """{"kind":"24","numbers":[4,7,8,1],"candidate":"\\boxed{(8-4)*7-1}"}""";
    private const string ExactOk = """{"kind":"exact","gold":"Paris","candidate":"The answer is Paris."}""";
    private const string CodeLine = """{"kind":"code","candidate":"def f(): pass"}""";

    [Fact]
    public async Task Writes_one_verdict_per_line_in_input_order()
    {
        var run = await VerifyHarness.RunAsync(string.Join('\n', Game24Ok, Game24Wrong, ExactOk, CodeLine) + "\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(4, run.Lines.Length);
        Assert.Equal("""{"correct":true,"status":"correct","extracted":"(8 - 4) * (7 - 1)","reason":"uses each number once and evaluates to 24","steps_checked":1,"first_false_step":null}""", run.Lines[0]);
        Assert.Equal("""{"correct":false,"status":"incorrect","extracted":"(8-4)*7-1","reason":"evaluates to 27, not 24","steps_checked":0,"first_false_step":null}""", run.Lines[1]);
        Assert.True(run.Line(2).GetProperty("correct").GetBoolean());
        Assert.Equal("unsupported", run.Line(3).GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, run.Line(3).GetProperty("extracted").ValueKind);
    }

    [Fact]
    public async Task Keeps_input_order_across_parallel_batches()
    {
        const int count = 2_000;
        var input = string.Join('\n', Enumerable.Range(0, count).Select(i =>
            $$"""{"kind":"exact","gold":"{{i}}","candidate":"#### {{(i % 3 == 0 ? i + 1 : i)}}"}"""));

        var run = await VerifyHarness.RunAsync(input);

        Assert.Equal(count, run.Lines.Length);
        for (var i = 0; i < count; i++)
        {
            var line = run.Line(i);
            Assert.Equal((i % 3 == 0 ? i + 1 : i).ToString(System.Globalization.CultureInfo.InvariantCulture), line.GetProperty("extracted").GetString());
            Assert.Equal(i % 3 != 0, line.GetProperty("correct").GetBoolean());
        }
    }

    [Fact]
    public async Task Reads_standard_input_with_a_dash_or_no_argument()
    {
        var withDash = await VerifyHarness.RunAsync(ExactOk + "\n", "-");
        var without = await VerifyHarness.RunAsync(ExactOk);
        Assert.Equal(withDash.Lines, without.Lines);
        Assert.Single(without.Lines);
    }

    [Fact]
    public async Task Malformed_lines_get_an_invalid_verdict_and_exit_code_1_without_stopping_the_stream()
    {
        var input = string.Join('\n',
            ExactOk,
            "{not json",
            """{"kind":"poetry","candidate":"x"}""",
            """{"kind":"exact","gold":"x"}""",
            """{"kind":"game24","numbers":[1.5,2],"candidate":"1.5*2"}""",
            "[1,2]",
            Game24Ok);

        var run = await VerifyHarness.RunAsync(input);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(7, run.Lines.Length);
        Assert.Equal("correct", run.Line(0).GetProperty("status").GetString());
        for (var i = 1; i <= 5; i++)
        {
            var line = run.Line(i);
            Assert.False(line.GetProperty("correct").GetBoolean());
            Assert.Equal("invalid", line.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, line.GetProperty("extracted").ValueKind);
            Assert.StartsWith($"line {i + 1}: ", line.GetProperty("reason").GetString());
        }

        Assert.Contains("unknown kind \"poetry\"", run.Line(2).GetProperty("reason").GetString());
        Assert.Contains("missing \"candidate\"", run.Line(3).GetProperty("reason").GetString());
        Assert.Contains("\"numbers\" must be an array of integers", run.Line(4).GetProperty("reason").GetString());
        Assert.Equal("correct", run.Line(6).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Skips_blank_lines_and_counts_line_numbers_from_the_file()
    {
        var run = await VerifyHarness.RunAsync("\n" + ExactOk + "\n\n   \n{oops}\n");
        Assert.Equal(2, run.Lines.Length);
        Assert.StartsWith("line 5: ", run.Line(1).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Gold_may_be_a_json_number()
    {
        var run = await VerifyHarness.RunAsync("""{"kind":"exact","gold":72,"candidate":"#### 72"}""");
        Assert.True(run.Line(0).GetProperty("correct").GetBoolean());
    }

    [Fact]
    public async Task Keeps_non_ascii_text_readable_and_rejects_an_escaped_lone_surrogate()
    {
        var run = await VerifyHarness.RunAsync(
            """{"kind":"exact","gold":"Zürich","candidate":"Final answer: Zürich"}""" + "\n" +
            """{"kind":"exact","gold":"x","candidate":"a\ud800b"}""");
        Assert.Contains("\"extracted\":\"Zürich\"", run.Lines[0]);
        Assert.Equal("invalid", run.Line(1).GetProperty("status").GetString());
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task Out_option_writes_the_file_and_summary_goes_to_stderr()
    {
        var path = Path.Combine(Path.GetTempPath(), $"df-verify-{Guid.NewGuid():N}.jsonl");
        try
        {
            var run = await VerifyHarness.RunAsync(Game24Ok + "\n" + Game24Wrong + "\n{", "--out", path, "--summary");
            Assert.Equal(1, run.ExitCode);
            Assert.Empty(run.Lines);
            var written = await File.ReadAllLinesAsync(path);
            Assert.Equal(3, written.Length);
            Assert.Contains("3 lines: 1 correct, 1 incorrect, 0 unparseable, 0 unsupported, 1 invalid", run.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Reads_a_file_argument()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "verify-sample.jsonl");
        var run = await VerifyHarness.RunAsync(string.Empty, path);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllLines(path).Length, run.Lines.Length);
        Assert.All(run.Lines, l => Assert.NotEqual("invalid", JsonDocument.Parse(l).RootElement.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Missing_input_file_is_exit_code_2_naming_the_file()
    {
        var run = await VerifyHarness.RunAsync(string.Empty, "no-such-file.jsonl");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot read 'no-such-file.jsonl'", run.Error);
        Assert.Empty(run.Lines);
    }

    [Fact]
    public async Task Unwritable_output_is_exit_code_2_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"df-missing-{Guid.NewGuid():N}", "out.jsonl");
        var run = await VerifyHarness.RunAsync(ExactOk, "--out", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"cannot write '{path}'", run.Error);
    }

    [Fact]
    public async Task Refuses_to_overwrite_its_input()
    {
        var path = Path.Combine(Path.GetTempPath(), $"df-same-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, ExactOk);
        try
        {
            var run = await VerifyHarness.RunAsync(string.Empty, path, "--out", path);
            Assert.Equal(2, run.ExitCode);
            Assert.Equal(ExactOk, await File.ReadAllTextAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("a.jsonl", "b.jsonl")]
    [InlineData("--out")]
    public async Task Usage_errors_are_exit_code_2(params string[] args)
    {
        var run = await VerifyHarness.RunAsync(ExactOk, args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("datafactory verify:", run.Error);
        Assert.Empty(run.Lines);
    }

    [Fact]
    public async Task Help_describes_input_output_and_exit_codes()
    {
        var run = await VerifyHarness.RunAsync(string.Empty, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Exit codes", run.Help);
        Assert.Contains("--summary", run.Help);
    }
}
