using DataFactory.Storage.Tests.Fixtures;

namespace DataFactory.Storage.Tests.StepLabels;

public sealed class PostgresStepLabelsTests(PostgresDatabase database) : StepLabelsBehaviour(database), IClassFixture<PostgresDatabase>;
