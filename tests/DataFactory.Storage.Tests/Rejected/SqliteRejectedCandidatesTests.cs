using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.Rejected;

public sealed class SqliteRejectedCandidatesTests(SqliteDatabase database) : RejectedCandidatesBehaviour(database), IClassFixture<SqliteDatabase>;
