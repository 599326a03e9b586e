using System.Text.Json;

namespace DataFactory.Cli.Tests;

public sealed class VerifyStepsTests
{
    // Real output of the bundled model on 10 6 7 8: the final answer is right, "42/10=4" is not.
    private const string Flawed = """{"kind": "game24", "numbers": [10, 6, 7, 8], "candidate": "Try 7*6=42 (10 8 42), 42/10=4 (8 4), 8*4=32. No.\nTry 8-6=2 (7 10 2), 7*2=14 (10 14), 14+10=24. Yes.\nFinal answer: (7*(8-6))+10"}""";

    private const string Clean = """{"kind": "game24", "numbers": [10, 6, 7, 8], "candidate": "Try 10-7=3 (8 6 3), 6-3=3 (8 3), 8*3=24. Yes.\nFinal answer: 8*(6-(10-7))"}""";

    [Fact]
    public async Task Each_line_carries_its_step_check_and_the_summary_counts_flawed_lines()
    {
        var run = await VerifyHarness.RunAsync(Flawed + "\n" + Clean + "\n{", "--summary");

        Assert.Equal(3, run.Lines.Length);
        using var flawed = JsonDocument.Parse(run.Lines[0]);
        Assert.True(flawed.RootElement.GetProperty("correct").GetBoolean());
        Assert.Equal(18, flawed.RootElement.GetProperty("steps_checked").GetInt32());
        var step = flawed.RootElement.GetProperty("first_false_step");
        Assert.Equal(0, step.GetProperty("index").GetInt32());
        Assert.Equal("42/10=4", step.GetProperty("text").GetString());
        Assert.Equal("42/10 is 4.2, not 4", step.GetProperty("reason").GetString());

        using var clean = JsonDocument.Parse(run.Lines[1]);
        Assert.Equal(9, clean.RootElement.GetProperty("steps_checked").GetInt32());
        Assert.Equal(JsonValueKind.Null, clean.RootElement.GetProperty("first_false_step").ValueKind);

        using var invalid = JsonDocument.Parse(run.Lines[2]);
        Assert.Equal(0, invalid.RootElement.GetProperty("steps_checked").GetInt32());
        Assert.Contains("1 flawed", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decimal_matches_an_irrational_gold_only_with_the_flag()
    {
        const string line = """{"kind": "math", "gold": "\\sqrt{2}", "candidate": "The answer is 1.41421356"}""";

        var strict = await VerifyHarness.RunAsync(line);
        var lenient = await VerifyHarness.RunAsync(line, "--decimal-matches-irrational");

        Assert.Contains("\"status\":\"incorrect\"", strict.Lines[0], StringComparison.Ordinal);
        Assert.Contains("\"status\":\"correct\"", lenient.Lines[0], StringComparison.Ordinal);
    }
}
