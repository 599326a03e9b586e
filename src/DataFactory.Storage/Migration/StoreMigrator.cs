using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Migration;

/// <summary>
/// Applies the provider's migrations: called by <c>datafactory migrate</c> and by the embedded mode,
/// never silently by workers (they check <see cref="GetPendingMigrationsAsync"/> and refuse to start).
/// The host must reference the migrations project of the provider (<c>migrations/</c>).
/// </summary>
public static class StoreMigrator
{
    /// <summary>Creates the database if needed and applies every pending migration; returns the ones applied.</summary>
    /// <exception cref="InvalidOperationException">The provider's migrations assembly is not loaded by the host.</exception>
    public static async Task<IReadOnlyList<string>> MigrateAsync(StoreOptions options, CancellationToken cancellationToken)
    {
        await using var context = new DataFactoryDbContext(options.ToDbContextOptions());
        EnsureMigrationsPresent(context, options);
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await context.Database.MigrateAsync(cancellationToken);
        if (options.Provider == StoreProvider.Sqlite)
        {
            // Write-ahead logging lets the embedded mode read (status, export) while it writes; the mode persists in the file.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        return pending;
    }

    /// <summary>The migrations the database still lacks (all of them for a database that does not exist yet).</summary>
    public static async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(StoreOptions options, CancellationToken cancellationToken)
    {
        await using var context = new DataFactoryDbContext(options.ToDbContextOptions());
        EnsureMigrationsPresent(context, options);
        return [.. await context.Database.GetPendingMigrationsAsync(cancellationToken)];
    }

    private static void EnsureMigrationsPresent(DataFactoryDbContext context, StoreOptions options)
    {
        if (!context.Database.GetMigrations().Any())
        {
            throw new InvalidOperationException(
                $"No migrations found for {options.Provider}: the host must reference the " +
                $"{StoreMigrationAssemblies.For(options.Provider)} project (migrations/).");
        }

        if (options.Provider == StoreProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
            if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { Length: > 0 } directory
                && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
            {
                Directory.CreateDirectory(directory);
            }
        }
    }
}
