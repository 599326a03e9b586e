using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Store;

public sealed class SqliteModelStoreTests(SqliteDatabase database) : ModelStoreBehaviour(database), IClassFixture<SqliteDatabase>;
