namespace DataFactory.Inference.Runtime;

/// <summary>How a generation engine loads and runs its model.</summary>
public sealed record EngineOptions
{
    /// <summary>Model folder in the Hugging Face / ONNX-community layout.</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>A named ONNX variant (<c>model_q4</c>, <c>model_fp16.onnx</c>); null picks the standard file.</summary>
    public string? ModelFileName { get; init; }

    /// <summary>Execution provider to use.</summary>
    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Auto;

    /// <summary>Threads inside one operator; 0 lets ONNX Runtime use every core.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads across operators; 0 lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>CUDA device ordinal when CUDA is used.</summary>
    public int CudaDeviceId { get; init; }

    /// <summary>Most sequences decoded in one forward pass; candidates beyond it wait for a free row.</summary>
    public int MaxBatchRows { get; init; } = 64;

    /// <summary>
    /// Continuous batching: a finished row is replaced at the next step by a pending candidate. Off by
    /// default (static waves, each running until its last row finishes): on CPU it measured slower than the
    /// waves, paying for padding or for smaller forward passes (benchmarks/results/engine.md). A shared-cache graph
    /// (GroupQueryAttention with per-row lengths, e.g. the bundled model's <c>onnx/model_gqa.onnx</c>) always runs
    /// continuous batching in one unpadded batch, whatever this says: it has no padding to pay for.
    /// </summary>
    public bool ContinuousBatching { get; init; }

    /// <summary>
    /// Continuous batching: the most cohorts, groups of rows with a cache of their own and one forward pass each per
    /// step, so that rows joining late are not left-padded to the longest running row (1: one batch, padded).
    /// </summary>
    public int ContinuousCohorts { get; init; } = 4;

    /// <summary>
    /// Most prompt tokens one prefill pass takes, 0 for the whole prompt at once. Chunks bound the [1, chunk, vocabulary]
    /// logits buffer of long prompts, but need a graph that accepts several new tokens on top of a cache (Optimum
    /// exports do; some onnxruntime-genai graphs only take a whole prompt or one token).
    /// </summary>
    public int PrefillChunkTokens { get; init; }

    /// <summary>Also sum each candidate's log-probabilities under the model (temperature 1, no truncation).</summary>
    public bool ComputeLogProbabilities { get; init; }
}
