using System.CommandLine;
using System.Text;
using DataFactory.Cli.Commands;
using DataFactory.Core.Verification;
using DataFactory.Core.Verification.MathAnswers;

namespace DataFactory.Cli.Tests;

/// <summary>Runs <c>verify</c> in-process through a root command with in-memory standard streams.</summary>
internal static class VerifyHarness
{
    public static Task<VerifyRun> RunAsync(string stdin, params string[] args) => RunAsync(null, stdin, args);

    public static async Task<VerifyRun> RunAsync(Func<VerifierRegistry>? registry, string stdin, params string[] args)
    {
        var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        var output = new MemoryStream();
        var error = new StringWriter();
        var console = new VerifyConsole(() => input, () => output, error, ErrorIsTerminal: false, InputIsTerminal: false);
        var command = registry is null
            ? VerifyCommand.Create(console, decimals => VerifierRegistry.CreateDefault(null, new MathVerifierOptions { DecimalMatchesIrrational = decimals }))
            : VerifyCommand.Create(console, registry);
        var root = new RootCommand("test") { command };
        var help = new StringWriter();
        var exitCode = await root.Parse(["verify", .. args]).InvokeAsync(new InvocationConfiguration { Output = help, Error = error });
        var text = Encoding.UTF8.GetString(output.ToArray());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new VerifyRun(exitCode, lines, error.ToString(), help.ToString(), text);
    }
}
