// Each test runs a whole factory: worker processes on the bundled model, and the fault test
// restarts servers. Run side by side on a small machine they starve one another into timeouts, so
// the tests of this assembly run one at a time (other test assemblies still run beside them).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
