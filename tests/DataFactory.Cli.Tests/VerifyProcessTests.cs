using System.Diagnostics;
using System.Text.Json;

namespace DataFactory.Cli.Tests;

/// <summary>Runs the built <c>datafactory</c> program as a separate process, as a user would.</summary>
public sealed class VerifyProcessTests
{
    [Fact]
    public async Task Built_program_verifies_the_sample_from_standard_input()
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "Fixtures", "verify-sample.jsonl");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "exec", Path.Combine(AppContext.BaseDirectory, "datafactory.dll"), "verify", "--summary" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(await File.ReadAllTextAsync(sample));
        process.StandardInput.Close();
        await process.WaitForExitAsync();

        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var inputLines = File.ReadAllLines(sample);
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal(inputLines.Length, lines.Length);
        Assert.Contains($"{inputLines.Length} lines:", await stderr);
        for (var i = 0; i < lines.Length; i++)
        {
            var id = JsonDocument.Parse(inputLines[i]).RootElement.GetProperty("id").GetString()!;
            var verdict = JsonDocument.Parse(lines[i]).RootElement;
            // The sample's ids say what each line should get: "-ok" lines pass, "-wrong"/"-twice" lines fail.
            if (id.EndsWith("-ok", StringComparison.Ordinal))
            {
                Assert.True(verdict.GetProperty("correct").GetBoolean(), $"{id}: {lines[i]}");
            }
            else if (id.EndsWith("-wrong", StringComparison.Ordinal) || id.EndsWith("-twice", StringComparison.Ordinal))
            {
                Assert.False(verdict.GetProperty("correct").GetBoolean(), $"{id}: {lines[i]}");
            }
        }
    }

    [Fact]
    public async Task Bad_sandbox_setting_is_exit_code_2_naming_the_setting()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "exec", Path.Combine(AppContext.BaseDirectory, "datafactory.dll"), "verify" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DATAFACTORY__SANDBOX__CPUSECONDS"] = "0" },
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.StandardInput.Close();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("DataFactory:Sandbox:CpuSeconds", await stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await stdout);
    }
}
