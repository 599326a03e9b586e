using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DataFactory.IntegrationTests;

/// <summary>
/// Runs <c>tests/steps/check_steps.py</c>, a step checker written apart from the product's (Python,
/// exact fractions), over exported chat JSON Lines; returns how many traces it found a false step in.
/// </summary>
internal static partial class IndependentStepCheck
{
    public static async Task<(int Traces, int Flawed, string Report)> RunAsync(string chatJsonLines)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "steps", "check_steps.py"));
        start.ArgumentList.Add(chatJsonLines);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var summary = Summary().Match(output);
        Assert.True(summary.Success, $"check_steps.py printed no summary (exit {process.ExitCode}): {output}{error}");
        return (int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(summary.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), output);
    }

    [GeneratedRegex(@"(\d+) traces checked, (\d+) with a false step")]
    private static partial Regex Summary();
}
