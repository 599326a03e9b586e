using DataFactory.Core.Formats;
using System.Data.Common;

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
        catch (Exception e) when (DatabaseFault(e) is { } database)
        {
            // EF Core wraps a failed connection in its own message ("likely due to a transient
            // failure"): the database's message says what happened. Npgsql and SQLite messages name
            // the server or file, never the password.
            await Console.Error.WriteLineAsync($"error: database: {database.Message}");
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

    private static DbException? DatabaseFault(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException database)
            {
                return database;
            }
        }

        return null;
    }
}
