using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Store;

public sealed class PostgresExportTests(PostgresDatabase database) : ExportBehaviour(database), IClassFixture<PostgresDatabase>;
