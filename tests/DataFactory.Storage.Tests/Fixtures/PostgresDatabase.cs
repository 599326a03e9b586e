using DataFactory.Storage.Migration;
using Npgsql;

namespace DataFactory.Storage.Tests.Fixtures;

/// <summary>
/// A throwaway PostgreSQL database per test class, created on the server named by
/// DATAFACTORY_TEST_POSTGRES (tests/services.sh starts one) and dropped afterwards. Without that
/// variable the tests fail: a missing server must not look like a pass.
/// </summary>
public sealed class PostgresDatabase : IStoreDatabase, IAsyncLifetime
{
    public const string Variable = "DATAFACTORY_TEST_POSTGRES";

    private string? _adminConnectionString;
    private string? _name;

    public StoreOptions Options { get; private set; } = null!;

    public IReadOnlyList<string> AppliedByMigrator { get; private set; } = [];

    public static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL tests cannot run. Run the suite with `bash tests/run.sh`, " +
                "or start the services first: `source tests/services.sh start`.");

    public async Task InitializeAsync()
    {
        _adminConnectionString = ServerConnectionString();
        _name = $"df_test_{Guid.NewGuid():N}"[..24];
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = _name };
        Options = new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = builder.ConnectionString };
        AppliedByMigrator = await StoreMigrator.MigrateAsync(Options, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_adminConnectionString is null || _name is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
