using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Preference;

public sealed class SqlitePairExportTests(SqliteDatabase database) : PairExportBehaviour(database), IClassFixture<SqliteDatabase>;
