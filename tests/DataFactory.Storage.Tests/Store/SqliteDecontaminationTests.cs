using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Store;

public sealed class SqliteDecontaminationTests(SqliteDatabase database) : DecontaminationBehaviour(database), IClassFixture<SqliteDatabase>;
