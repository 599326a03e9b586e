using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Store;

public sealed class PostgresModelStoreTests(PostgresDatabase database) : ModelStoreBehaviour(database), IClassFixture<PostgresDatabase>;
