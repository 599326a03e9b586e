namespace DataFactory.Cli.Commands;

/// <summary>
/// The standard streams the verify command uses: raw byte streams for the JSON Lines (so output
/// is not funnelled through the synchronised, auto-flushing <see cref="Console.Out"/>), and stderr
/// for messages. Tests substitute in-memory streams.
/// </summary>
internal sealed record VerifyConsole(Func<Stream> OpenInput, Func<Stream> OpenOutput, TextWriter Error, bool ErrorIsTerminal, bool InputIsTerminal)
{
    public static VerifyConsole Standard() => new(
        Console.OpenStandardInput,
        Console.OpenStandardOutput,
        Console.Error,
        ErrorIsTerminal: !Console.IsErrorRedirected,
        InputIsTerminal: !Console.IsInputRedirected);
}
