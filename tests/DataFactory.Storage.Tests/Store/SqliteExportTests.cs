using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Store;

public sealed class SqliteExportTests(SqliteDatabase database) : ExportBehaviour(database), IClassFixture<SqliteDatabase>;
