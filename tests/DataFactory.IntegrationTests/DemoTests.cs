using System.Text.Json;

namespace DataFactory.IntegrationTests;

/// <summary>The README's first command, reduced: the embedded factory with no servers.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task Demo_runs_embedded_and_writes_chat_lines()
    {
        var output = Path.Combine(Path.GetTempPath(), "df-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var environment = new Dictionary<string, string> { ["DATAFACTORY__MODEL__INTRAOPTHREADS"] = "2" };
            var (exit, stdout, error) = await CliProcess.RunAsync(environment, null, "demo", "--problems", "3", "--samples", "4", "--max-tokens", "320", "--out", output);
            Assert.True(exit == 0, error);
            foreach (var family in new[] { "arithmetic", "game24", "countdown", "cipher" })
            {
                Assert.Contains(family, stdout, StringComparison.Ordinal);
            }

            var lines = await File.ReadAllLinesAsync(Path.Combine(output, "traces.jsonl"));
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                using var json = JsonDocument.Parse(line);
                var roles = json.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()).ToArray();
                Assert.Equal("user", roles[^2]);
                Assert.Equal("assistant", roles[^1]);
            }

            Assert.Contains($"wrote {lines.Length} verified traces", stdout, StringComparison.Ordinal);
            Assert.Contains("flawed", stdout, StringComparison.Ordinal);

            // No exported trace has a false step, by a checker written apart from the product's.
            var (traces, flawed, report) = await IndependentStepCheck.RunAsync(Path.Combine(output, "traces.jsonl"));
            Assert.Equal(lines.Length, traces);
            Assert.True(flawed == 0, report);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Demo_stops_on_ctrl_c_with_exit_130_and_writes_no_traces_file()
    {
        var output = Path.Combine(Path.GetTempPath(), "df-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var environment = new Dictionary<string, string> { ["DATAFACTORY__MODEL__INTRAOPTHREADS"] = "2" };
            await using (var demo = CliProcess.Start(environment, null, "demo", "--problems", "0", "--samples", "4", "--out", output))
            {
                Assert.True(await demo.WaitForErrorAsync(e => System.Text.RegularExpressions.Regex.IsMatch(e, @"demo arithmetic: [1-9][0-9]*/"), TimeSpan.FromMinutes(3)), demo.Error);
                await demo.SignalAsync("INT");
                Assert.True(demo.HasExited, demo.Error);
                Assert.True(demo.ExitCode == 130, $"exit {demo.ExitCode}: {demo.Error}");
                Assert.Contains("cancelled", demo.Error, StringComparison.Ordinal);
            }

            Assert.False(File.Exists(Path.Combine(output, "traces.jsonl")));
            Assert.False(File.Exists(Path.Combine(output, "traces.jsonl.partial")));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
