using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Store;

public sealed class SqliteConsensusTests(SqliteDatabase database) : ConsensusBehaviour(database), IClassFixture<SqliteDatabase>;
