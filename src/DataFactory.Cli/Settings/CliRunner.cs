using DataFactory.Core.Formats;
using Npgsql;

namespace DataFactory.Cli.Settings;

/// <summary>Runs a command body and turns known failures into one clear line and an exit code.</summary>
internal static class CliRunner
{
    public const int Failure = 1;

    public const int Usage = 2;

    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken);
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return Usage;
        }
        catch (ProblemImportException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return Failure;
        }
        catch (NpgsqlException e)
        {
            // Npgsql messages name host and port, never the password.
            await Console.Error.WriteLineAsync($"error: database: {e.Message}");
            return Failure;
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
    }
}
