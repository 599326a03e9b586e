using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Preference;

public sealed class PostgresPairExportTests(PostgresDatabase database) : PairExportBehaviour(database), IClassFixture<PostgresDatabase>;
