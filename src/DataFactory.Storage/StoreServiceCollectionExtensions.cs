using DataFactory.Storage.Export;
using DataFactory.Storage.Import;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Writing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataFactory.Storage;

/// <summary>Registers the store.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DataFactoryDbContext"/> (scoped, pooled), a context factory for code that
    /// outlives a scope, and the scoped stores: <see cref="BatchWriter"/>, <see cref="ProblemSetStore"/>,
    /// <see cref="RunStore"/>, <see cref="TraceExporter"/>. It does not migrate (see <see cref="Migration.StoreMigrator"/>).
    /// </summary>
    public static IServiceCollection AddDataFactoryStore(this IServiceCollection services, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddPooledDbContextFactory<DataFactoryDbContext>(builder => builder.UseDataFactoryStore(options));
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<DataFactoryDbContext>>().CreateDbContext());
        services.AddScoped<BatchWriter>();
        services.AddScoped<ProblemSetStore>();
        services.AddScoped<RunStore>();
        services.AddScoped<TraceExporter>();
        return services;
    }
}
