using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Rejected;

public sealed class PostgresRejectedCandidatesTests(PostgresDatabase database) : RejectedCandidatesBehaviour(database), IClassFixture<PostgresDatabase>;
