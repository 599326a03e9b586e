namespace DataFactory.Storage;

/// <summary>The database behind the store.</summary>
public enum StoreProvider
{
    /// <summary>PostgreSQL through Npgsql: the production store, shared by many workers.</summary>
    Postgres,

    /// <summary>SQLite: the embedded store for a single process.</summary>
    Sqlite,
}
