using System.CommandLine;
using DataFactory.Inference.Runtime;

namespace DataFactory.Cli.Commands;

/// <summary>The options shared by <c>generate</c> and <c>bench generate</c> that say how to load and run the model.</summary>
internal sealed class GenerateEngineOptions
{
    public Option<string> Model { get; } = new("--model") { Description = "Model folder (Hugging Face / ONNX-community layout)", Required = true };

    public Option<string?> ModelFile { get; } = new("--model-file") { Description = "Named ONNX variant, e.g. model_q4 or model_fp16.onnx" };

    public Option<ExecutionProvider> Provider { get; } = new("--provider")
    {
        Description = "Execution provider: Auto (CUDA when present), Cpu or Cuda",
        DefaultValueFactory = _ => ExecutionProvider.Auto,
    };

    public Option<int> Threads { get; } = new("--threads") { Description = "ONNX Runtime intra-op threads (0: all cores)" };

    public Option<int> MaxBatchRows { get; } = new("--max-batch-rows")
    {
        Description = "Most sequences in one forward pass",
        DefaultValueFactory = _ => 64,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(ModelFile);
        command.Options.Add(Provider);
        command.Options.Add(Threads);
        command.Options.Add(MaxBatchRows);
    }

    public EngineOptions Read(ParseResult parse, bool logProbabilities = false) => new()
    {
        ModelDirectory = parse.GetRequiredValue(Model),
        ModelFileName = parse.GetValue(ModelFile),
        Provider = parse.GetValue(Provider),
        IntraOpThreads = parse.GetValue(Threads),
        MaxBatchRows = parse.GetValue(MaxBatchRows),
        ComputeLogProbabilities = logProbabilities,
    };
}
