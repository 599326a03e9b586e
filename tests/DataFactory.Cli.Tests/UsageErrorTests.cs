using System.Diagnostics;

namespace DataFactory.Cli.Tests;

/// <summary>Command-line mistakes: exit code 2 and one error line per problem, on every command.</summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("export --set s --format chat", "--out")]
    [InlineData("run --samples many --set s", "many")]
    [InlineData("no-such-command", "no-such-command")]
    [InlineData("decontaminate --set s", "--against")]
    [InlineData("decontaminate --set s --against math500 --ngram 0", "--ngram 0")]
    [InlineData("decontaminate --set s --against math500 --min-overlap 2", "--min-overlap 2")]
    [InlineData("export --set s --format chat --layout raw --out t.jsonl", "--layout")]
    [InlineData("export --set s --format parquet --layout table --out d", "--layout 'table'")]
    [InlineData("run --set s --target-verified 0", "--target-verified must be at least 1")]
    [InlineData("run --set s --budget 0", "--budget must be at least 1")]
    [InlineData("run --set s --policy label --rollouts 0", "--rollouts must be at least 1")]
    [InlineData("run --set s --rollouts 4", "--rollouts belongs to --policy label or search")]
    [InlineData("run --set s --policy label --label-search linear", "--label-search 'linear'")]
    [InlineData("run --set s --policy search --label-search exhaustive", "--label-search belongs to --policy label")]
    [InlineData("run --set s --policy beam", "--policy 'beam'")]
    [InlineData("run --set s --policy label --budget 8", "--target-verified and --budget belong to the adaptive and search policies")]
    [InlineData("run --set s --policy flat --budget 10", "--target-verified and --budget belong to the adaptive and search policies")]
    [InlineData("run --set s --samples 8 --saturation", "--saturation belongs to the adaptive policy")]
    [InlineData("run --set s --stop-on-false-step --keep-flawed", "cannot be combined with --keep-flawed")]
    [InlineData("run --set s --target-verified 4 --stop-on-false-step --keep-rejected", "cannot be combined with --keep-rejected")]
    [InlineData("run --set s --policy label --stop-on-false-step", "--stop-on-false-step works with the flat and adaptive policies")]
    [InlineData("run --set s --consensus --stop-on-false-step", "--stop-on-false-step cannot be combined with --consensus")]
    [InlineData("export --set s --format chat --soft-labels --out t.jsonl", "--soft-labels applies to --format stepwise")]
    [InlineData("run --set s --beam 2", "--beam and --expand belong to --policy search")]
    [InlineData("run --set s --policy search --expand 0", "--expand must be at least 1")]
    public async Task A_usage_error_exits_2_and_names_what_is_wrong(string arguments, string named)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "datafactory.dll"));
        foreach (var argument in arguments.Split(' '))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Contains(named, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await stdout);
    }
}
