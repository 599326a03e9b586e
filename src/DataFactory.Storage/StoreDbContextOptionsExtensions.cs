using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage;

/// <summary>Points a <see cref="DbContextOptionsBuilder"/> at the store.</summary>
public static class StoreDbContextOptionsExtensions
{
    /// <summary>
    /// Configures the provider, the connection and the migrations assembly of that provider
    /// (<c>DataFactory.Migrations.PostgreSql</c> or <c>DataFactory.Migrations.Sqlite</c>).
    /// </summary>
    public static DbContextOptionsBuilder UseDataFactoryStore(this DbContextOptionsBuilder builder, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        var migrations = StoreMigrationAssemblies.For(options.Provider);
        return options.Provider switch
        {
            StoreProvider.Postgres => builder.UseNpgsql(options.ConnectionString, npgsql => npgsql.MigrationsAssembly(migrations)),
            StoreProvider.Sqlite => builder.UseSqlite(options.ConnectionString, sqlite => sqlite.MigrationsAssembly(migrations)),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown store provider."),
        };
    }

    /// <summary>Options for a <see cref="DataFactoryDbContext"/> built outside dependency injection.</summary>
    public static DbContextOptions<DataFactoryDbContext> ToDbContextOptions(this StoreOptions options)
    {
        var builder = new DbContextOptionsBuilder<DataFactoryDbContext>();
        builder.UseDataFactoryStore(options);
        return builder.Options;
    }
}
