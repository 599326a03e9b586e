using System.CommandLine;
using System.CommandLine.Invocation;
using DataFactory.Cli.Settings;
using DataFactory.Core.Steps;
using DataFactory.Core.Verification;

namespace DataFactory.Cli.Commands;

/// <summary>
/// Runs <c>datafactory verify</c>. It takes over parse errors (<see cref="ClearsParseErrors"/>) so
/// that a usage error exits with 2, distinct from 1 for invalid input lines.
/// </summary>
internal sealed class VerifyAction(
    VerifyConsole console,
    Func<bool, VerifierRegistry> registry,
    Argument<FileInfo?> input,
    Option<FileInfo?> output,
    Option<bool> summary,
    Option<bool> decimalMatchesIrrational) : AsynchronousCommandLineAction
{
    private const int Ok = 0;
    private const int InvalidLines = 1;
    private const int UsageOrFileError = 2;

    private const int BufferSize = 1 << 16;

    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        var usageErrors = parseResult.Errors.Select(e => e.Message)
            .Concat(parseResult.UnmatchedTokens.Select(t => $"Unrecognized argument '{t}'."))
            .ToList();
        var inputFile = parseResult.GetValue(input);
        var inputPath = inputFile?.ToString();
        if (inputPath is { Length: > 1 } && inputPath[0] == '-')
        {
            usageErrors.Add($"Unrecognized option '{inputPath}'.");
        }

        if (usageErrors.Count > 0)
        {
            foreach (var message in usageErrors)
            {
                await console.Error.WriteLineAsync($"datafactory verify: {message}".AsMemory(), cancellationToken);
            }

            await console.Error.WriteLineAsync("Run 'datafactory verify --help' for usage.".AsMemory(), cancellationToken);
            return UsageOrFileError;
        }

        VerifierRegistry verifiers;
        try
        {
            verifiers = registry(parseResult.GetValue(decimalMatchesIrrational));
        }
        catch (CliException e)
        {
            return await FailAsync(e.Message, cancellationToken);
        }

        var fromStdin = inputFile is null || inputPath == "-";
        var outputFile = parseResult.GetValue(output);
        if (!fromStdin && outputFile is not null && PathsEqual(inputFile!, outputFile))
        {
            return await FailAsync($"--out '{outputFile}' is the input file; it would be overwritten before it is read.", cancellationToken);
        }

        Stream inputStream;
        try
        {
            inputStream = fromStdin
                ? console.OpenInput()
                : new FileStream(inputFile!.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return await FailAsync($"cannot read '{inputPath}': {e.Message}", cancellationToken);
        }

        await using (inputStream)
        {
            Stream outputStream;
            try
            {
                outputStream = outputFile is null
                    ? new BufferedStream(console.OpenOutput(), BufferSize)
                    : new FileStream(outputFile.FullName, FileMode.Create, FileAccess.Write, FileShare.Read, BufferSize);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return await FailAsync($"cannot write '{outputFile}': {e.Message}", cancellationToken);
            }

            await using (outputStream)
            {
                VerifyCounts counts;
                try
                {
                    var progress = console.ErrorIsTerminal ? new VerifyProgress(console.Error) : null;
                    var interactive = fromStdin && console.InputIsTerminal;
                    counts = await new VerifyRunner(verifiers, StepCheckerRegistry.CreateDefault()).RunAsync(inputStream, outputStream, progress, interactive, cancellationToken);
                }
                catch (IOException e)
                {
                    var source = fromStdin ? "standard input" : $"'{inputPath}'";
                    var target = outputFile is null ? "standard output" : $"'{outputFile}'";
                    return await FailAsync($"I/O error verifying {source} to {target}: {e.Message}", cancellationToken);
                }

                if (parseResult.GetValue(summary))
                {
                    await console.Error.WriteLineAsync(counts.ToString().AsMemory(), cancellationToken);
                }

                return counts.Invalid > 0 ? InvalidLines : Ok;
            }
        }
    }

    private static bool PathsEqual(FileInfo a, FileInfo b) =>
        string.Equals(Path.GetFullPath(a.FullName), Path.GetFullPath(b.FullName), StringComparison.Ordinal);

    private async Task<int> FailAsync(string message, CancellationToken cancellationToken)
    {
        await console.Error.WriteLineAsync($"datafactory verify: {message}".AsMemory(), cancellationToken);
        return UsageOrFileError;
    }
}
