using DataFactory.Storage;
using DataFactory.Storage.Migration;
using Npgsql;

namespace DataFactory.Benchmarks.Storage;

/// <summary>A throwaway, migrated PostgreSQL database for one benchmark run.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private BenchDatabase(string server, string name, StoreOptions options)
    {
        _server = server;
        _name = name;
        Options = options;
    }

    public StoreOptions Options { get; }

    public static async Task<BenchDatabase> CreateAsync(string server, CancellationToken cancellationToken)
    {
        var name = $"df_bench_{Guid.NewGuid():N}"[..24];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        var options = new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = builder.ConnectionString };
        await StoreMigrator.MigrateAsync(options, cancellationToken);
        return new BenchDatabase(server, name, options);
    }

    public DataFactoryDbContext CreateContext() => new(Options.ToDbContextOptions());

    public async Task<string> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Options.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
