using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Store;

public sealed class PostgresDecontaminationTests(PostgresDatabase database) : DecontaminationBehaviour(database), IClassFixture<PostgresDatabase>;
