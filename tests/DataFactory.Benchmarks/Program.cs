using DataFactory.Benchmarks;

// One entry per benchmark: adding one is one line here.
var benchmarks = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    ["verify"] = VerifyBenchmark.Run,
    ["steps-overhead"] = DataFactory.Benchmarks.Steps.StepsBenchmark.Run,
    ["steps"] = DataFactory.Benchmarks.Steps.StepLabelBenchmark.Run,
    ["ingest"] = a => DataFactory.Benchmarks.Storage.IngestBenchmark.RunAsync(a).GetAwaiter().GetResult(),
    ["export"] = a => DataFactory.Benchmarks.Storage.ExportBenchmark.RunAsync(a).GetAwaiter().GetResult(),
    ["pipeline"] = a => DataFactory.Benchmarks.Pipeline.PipelineBenchmark.RunAsync(a).GetAwaiter().GetResult(),
    ["regrade"] = a => DataFactory.Benchmarks.Regrade.RegradeBenchmark.RunAsync(a).GetAwaiter().GetResult(),
    ["backends"] = a => DataFactory.Benchmarks.Backends.BackendsBenchmark.RunAsync(a).GetAwaiter().GetResult(),
    ["harvest"] = DataFactory.Benchmarks.Harvest.HarvestBenchmark.Run,
    ["harvest-budget"] = DataFactory.Benchmarks.Harvest.BudgetCurveBenchmark.Run,
    ["engine"] = DataFactory.Benchmarks.Engine.EngineBenchmark.Run,
    ["sandbox"] = a => DataFactory.Benchmarks.Sandbox.SandboxBenchmark.RunAsync(a).GetAwaiter().GetResult(),
    ["decontaminate"] = DataFactory.Benchmarks.Decontamination.DecontaminationBenchmark.Run,
    ["search"] = DataFactory.Benchmarks.StepSearch.SearchBenchmark.Run,
    ["consensus"] = DataFactory.Benchmarks.Consensus.ConsensusBenchmark.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project tests/DataFactory.Benchmarks -- <{string.Join('|', benchmarks.Keys)}> [options]");
    return 2;
}

return run(args[1..]);
