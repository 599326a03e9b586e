using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Store;

public sealed class PostgresConsensusTests(PostgresDatabase database) : ConsensusBehaviour(database), IClassFixture<PostgresDatabase>;
