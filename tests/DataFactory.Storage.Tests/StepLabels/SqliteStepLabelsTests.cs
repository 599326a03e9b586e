using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.StepLabels;

public sealed class SqliteStepLabelsTests(SqliteDatabase database) : StepLabelsBehaviour(database), IClassFixture<SqliteDatabase>;
