using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Store;

public sealed class SqliteStoreTests(SqliteDatabase database) : StoreBehaviour(database), IClassFixture<SqliteDatabase>;
