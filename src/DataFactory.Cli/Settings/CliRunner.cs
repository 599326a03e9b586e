using DataFactory.Core.Formats;
using DataFactory.Inference.Runtime;
using DataFactory.Worker.Hosting;
using System.Data.Common;

namespace DataFactory.Cli.Settings;

/// <summary>Runs a command body and turns known failures into one clear line and an exit code.</summary>
internal static class CliRunner
{
    public const int Failure = 1;

    public const int Usage = 2;

    /// <summary>The exit code of a command stopped by Ctrl+C or SIGTERM (128 + SIGINT, the shell's convention).</summary>
    public const int Cancelled = 130;

    /// <summary>
    /// Runs the body; Ctrl+C and SIGTERM cancel its token (see <see cref="CommandSignals"/>) unless
    /// <paramref name="handleSignals"/> is false (a command that hosts a generic host, whose own
    /// lifetime takes the signals and stops gracefully).
    /// </summary>
    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken, bool handleSignals = true)
    {
        using var signals = handleSignals ? CommandSignals.Listen(cancellationToken) : null;
        var token = signals?.Token ?? cancellationToken;
        try
        {
            return await body(token);
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return Usage;
        }
        catch (Exception e) when (StartFault(e) is { } start)
        {
            // A worker (or an in-process run hosting one) that cannot start: a setting, the model, its
            // chat template or the execution provider. Configuration, so exit 2 like a usage error.
            await Console.Error.WriteLineAsync($"error: {start.Message}");
            return Usage;
        }
        catch (ProblemImportException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return Failure;
        }
        catch (DataFactory.Storage.Import.ProblemImportException e)
        {
            // The store's own checks (changed problems, a missing gold answer outside a consensus import).
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
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return Cancelled;
        }
    }

    private static Exception? StartFault(Exception exception)
    {
        // A hosted service's failure can reach the caller of the host's StartAsync wrapped in an AggregateException.
        for (var e = exception; e is not null; e = e is AggregateException { InnerExceptions.Count: 1 } one ? one.InnerExceptions[0] : e.InnerException)
        {
            if (e is WorkerStartException or ExecutionProviderException)
            {
                return e;
            }
        }

        return null;
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
