namespace DataFactory.Storage;

/// <summary>
/// The assemblies that hold each provider's migrations (projects under <c>migrations/</c>). They
/// reference this one, not the other way round, so a host that migrates must reference them.
/// </summary>
internal static class StoreMigrationAssemblies
{
    public const string Postgres = "DataFactory.Migrations.PostgreSql";

    public const string Sqlite = "DataFactory.Migrations.Sqlite";

    public static string For(StoreProvider provider) => provider switch
    {
        StoreProvider.Postgres => Postgres,
        StoreProvider.Sqlite => Sqlite,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown store provider."),
    };
}
