using System.Data.Common;
using DataFactory.Storage;

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

            return true;
        }
        catch (ArgumentException)
        {
            // The builder's message quotes the string; say only where it broke.
            problem = "it is not in key=value;key=value form";
            return false;
        }
    }
}
