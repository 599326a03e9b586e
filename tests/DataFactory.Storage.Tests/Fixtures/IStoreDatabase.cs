namespace DataFactory.Storage.Tests.Fixtures;

/// <summary>A fresh, migrated database for one test class.</summary>
public interface IStoreDatabase
{
    StoreOptions Options { get; }

    IReadOnlyList<string> AppliedByMigrator { get; }

    DataFactoryDbContext CreateContext() => new(Options.ToDbContextOptions());
}
