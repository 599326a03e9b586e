using System.CommandLine;
using DataFactory.Cli.Settings;
using DataFactory.Storage;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Cli.Commands;

/// <summary><c>datafactory migrate</c>: applies the store's pending migrations (the only place the schema changes).</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var db = new StoreArgument();
        var command = new Command("migrate", "Apply pending schema migrations to the configured database (DATAFACTORY__DATABASE__...) or the --db file.");
        db.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            var path = db.Path(parse);
            var store = path is null ? CliSettings.Store(CliSettings.Load()) : StoreArgument.Embedded(path);
            var applied = await MigrateAsync(store, token);
            Console.WriteLine(applied.Count == 0
                ? "database is up to date"
                : $"applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        }, ct));
        return command;
    }

    /// <summary>Applies pending migrations; returns their names.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(StoreOptions store, CancellationToken cancellationToken)
    {
        await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToArray();
        await context.Database.MigrateAsync(cancellationToken);
        return pending;
    }
}
