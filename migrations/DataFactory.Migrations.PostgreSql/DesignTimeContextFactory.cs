using DataFactory.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace DataFactory.Migrations.PostgreSql;

/// <summary>
/// Lets <c>dotnet ef</c> build the PostgreSQL model without a host. Adding a migration needs no
/// server; the connection string matters only for <c>dotnet ef database update</c>.
/// </summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<DataFactoryDbContext>
{
    public DataFactoryDbContext CreateDbContext(string[] args) => new(new StoreOptions
    {
        Provider = StoreProvider.Postgres,
        ConnectionString = Environment.GetEnvironmentVariable("DATAFACTORY_TEST_POSTGRES")
            ?? "Host=127.0.0.1;Database=datafactory;Username=postgres",
    }.ToDbContextOptions());
}
