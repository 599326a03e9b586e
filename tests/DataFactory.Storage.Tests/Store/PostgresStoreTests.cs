using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Store;

public sealed class PostgresStoreTests(PostgresDatabase database) : StoreBehaviour(database), IClassFixture<PostgresDatabase>;
