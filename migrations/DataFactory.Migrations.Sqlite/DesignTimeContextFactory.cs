using DataFactory.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace DataFactory.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without a host.</summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<DataFactoryDbContext>
{
    public DataFactoryDbContext CreateDbContext(string[] args) => new(new StoreOptions
    {
        Provider = StoreProvider.Sqlite,
        ConnectionString = "Data Source=datafactory-design.db",
    }.ToDbContextOptions());
}
