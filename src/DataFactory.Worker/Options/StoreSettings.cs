using System.Data.Common;
using DataFactory.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DataFactory.Worker.Options;

/// <summary>Maps <see cref="DatabaseOptions"/> to the store's options.</summary>
public static class StoreSettings
{
    /// <summary>Parses <c>postgres</c>/<c>postgresql</c> or <c>sqlite</c>; null for anything else.</summary>
    public static StoreProvider? ParseProvider(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "postgres" or "postgresql" or "npgsql" => StoreProvider.Postgres,
        "sqlite" => StoreProvider.Sqlite,
        _ => null,
    };

    /// <summary>The store options for validated database settings.</summary>
    public static StoreOptions ToStoreOptions(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new StoreOptions
        {
            Provider = ParseProvider(options.Provider) ?? throw new ArgumentException($"Unknown database provider '{options.Provider}'.", nameof(options)),
            ConnectionString = options.ConnectionString,
        };
    }

    /// <summary>Checks the connection string's syntax without echoing it (it holds a password).</summary>
    public static bool TryCheckConnectionString(DatabaseOptions options, out string problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        problem = string.Empty;
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
            var isSqlite = ParseProvider(options.Provider) == StoreProvider.Sqlite;
            var required = isSqlite ? new[] { "Data Source", "DataSource", "Filename" } : ["Host", "Server"];
            if (!required.Any(builder.ContainsKey))
            {
                problem = isSqlite ? "no 'Data Source'" : "no 'Host'";
                return false;
            }

            return TryCheckKeys(builder, isSqlite, out problem);
        }
        catch (ArgumentException)
        {
            // The builder's message quotes the string; say only where it broke.
            problem = "it is not in key=value;key=value form";
            return false;
        }
    }

    /// <summary>
    /// Sets each key on the provider's own builder, so that an unknown key or a bad value (a port that
    /// is not a number) is named here, at start, by its key alone: the value may be a password.
    /// </summary>
    private static bool TryCheckKeys(DbConnectionStringBuilder keys, bool isSqlite, out string problem)
    {
        DbConnectionStringBuilder provider = isSqlite ? new SqliteConnectionStringBuilder() : new NpgsqlConnectionStringBuilder();
        foreach (string key in keys.Keys)
        {
            if (!provider.ContainsKey(key))
            {
                problem = $"unknown key '{key}'";
                return false;
            }

            try
            {
                provider[key] = keys[key];
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException or InvalidCastException)
            {
                problem = $"the value of '{key}' is not valid";
                return false;
            }
        }

        problem = string.Empty;
        return true;
    }
}
