using Npgsql;

namespace DataFactory.IntegrationTests;

/// <summary>
/// The real PostgreSQL and RabbitMQ that tests/services.sh starts. Missing variables fail the test
/// with a clear message: these tests never pass by skipping.
/// </summary>
internal static class TestServices
{
    public static string PostgresAdmin => Require("DATAFACTORY_TEST_POSTGRES");

    public static string RabbitMq => Require("DATAFACTORY_TEST_RABBITMQ");

    public static string RabbitMqManagement => Require("DATAFACTORY_TEST_RABBITMQ_MANAGEMENT");

    /// <summary>RabbitMQ's Prometheus endpoint, <c>http://host:port/metrics</c>.</summary>
    public static string RabbitMqPrometheus => Require("DATAFACTORY_TEST_RABBITMQ_PROMETHEUS");

    /// <summary>Creates an empty database on the suite's server and returns its connection string.</summary>
    public static Task<string> CreateDatabaseAsync(string name) => CreateDatabaseAsync(PostgresAdmin, name);

    /// <summary>The suite's shared services.</summary>
    public static ServiceEndpoints Shared => new(PostgresAdmin, RabbitMq, RabbitMqManagement);

    /// <summary>Creates an empty database on the server of <paramref name="postgresAdmin"/> and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string postgresAdmin, string name)
    {
        await using var admin = new NpgsqlConnection(Unpooled(postgresAdmin));
        await admin.OpenAsync();
        await using (var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = name, Pooling = false }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string postgresAdmin, string name)
    {
        await using var admin = new NpgsqlConnection(Unpooled(postgresAdmin));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await command.ExecuteNonQueryAsync();
    }

    // A pooled connection would outlive a server restart (the fault test restarts its own server) and fail when reused.
    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set: run the suite with 'bash tests/run.sh', which starts PostgreSQL and RabbitMQ on loopback.");
}
