// OpenTelemetry's meter providers listen to every meter named DataFactory.Worker in the process, not
// only their own host's: tests that read instruments without a run label must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
