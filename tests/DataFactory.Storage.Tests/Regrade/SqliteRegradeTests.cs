using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Regrade;

public sealed class SqliteRegradeTests(SqliteDatabase database) : RegradeBehaviour(database), IClassFixture<SqliteDatabase>;
