using DataFactory.Storage.Migration;
using Microsoft.Data.Sqlite;

namespace DataFactory.Storage.Tests.Fixtures;

/// <summary>A throwaway SQLite file per test class, migrated like the embedded mode does it.</summary>
public sealed class SqliteDatabase : IStoreDatabase, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"df-sqlite-{Guid.NewGuid():N}");

    public StoreOptions Options { get; private set; } = null!;

    public IReadOnlyList<string> AppliedByMigrator { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var path = Path.Combine(_directory, "store.db");
        Options = new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={path}" };
        AppliedByMigrator = await StoreMigrator.MigrateAsync(Options, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
