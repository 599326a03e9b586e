using System.Data.Common;
using DataFactory.Storage;
using DataFactory.Worker.Consumers;
using DataFactory.Worker.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataFactory.Worker.Hosting;

/// <summary>
/// Before the worker consumes: the database answers and its schema is current. Unreachable is waited
/// for with backoff; refused login, a missing database or a schema behind the build end the start.
/// </summary>
internal static class StoreReadiness
{
    public static async Task WaitAsync(IServiceProvider services, WorkerOptions worker, CancellationToken cancellationToken)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<DataFactoryDbContext>>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreReadiness));
        var backoff = new StartBackoff(worker);
        while (true)
        {
            try
            {
                await using var context = await contexts.CreateDbContextAsync(cancellationToken);

                // Opened by hand, and the history table looked up before EF reads it: EF logs a failed
                // connection or a missing table as errors, and the start must end in one line.
                var connection = context.Database.GetDbConnection();
                await connection.OpenAsync(cancellationToken);
                var pending = await HasHistoryAsync(connection, context.Database.IsNpgsql(), cancellationToken)
                    ? (await context.Database.GetPendingMigrationsAsync(cancellationToken)).Count()
                    : context.Database.GetMigrations().Count();
                if (pending > 0)
                {
                    throw new WorkerStartException(
                        $"the database schema is {pending} migration(s) behind this build; run 'datafactory migrate' first.");
                }

                return;
            }
            catch (DbException exception) when (TransientFaults.IsTransient(exception))
            {
                var delay = backoff.Next();
                Log.WaitingFor(logger, "database", exception.Message, delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken);
            }
            catch (DbException exception)
            {
                throw new WorkerStartException($"database: {exception.Message}");
            }
        }
    }

    private static async Task<bool> HasHistoryAsync(DbConnection connection, bool postgres, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = postgres
            ? """SELECT to_regclass('"__EFMigrationsHistory"') IS NOT NULL"""
            : "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
        return Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
