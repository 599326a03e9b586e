namespace DataFactory.Storage;

/// <summary>Which database the store uses and how to reach it.</summary>
public sealed record StoreOptions
{
    /// <summary>The provider; PostgreSQL by default.</summary>
    public StoreProvider Provider { get; init; } = StoreProvider.Postgres;

    /// <summary>
    /// An Npgsql connection string (<c>Host=...;Database=...;Username=...</c>) for PostgreSQL, or a
    /// Microsoft.Data.Sqlite one (<c>Data Source=datafactory.db</c>) for SQLite.
    /// </summary>
    public required string ConnectionString { get; init; }
}
