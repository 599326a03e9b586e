using System.ComponentModel.DataAnnotations;
using DataFactory.Inference.Backends.OpenAi;

namespace DataFactory.Worker.Options;

/// <summary>The model a worker serves, bound from <c>DataFactory:Model</c> (<c>DATAFACTORY__MODEL__...</c>).</summary>
public sealed class ModelOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DataFactory:Model";

    /// <summary>
    /// Where candidates come from: <c>onnx</c> (the in-process ONNX Runtime engine on <see cref="Directory"/>) or
    /// <c>openai</c> (an OpenAI-compatible server, <see cref="OpenAi"/>).
    /// </summary>
    public string Backend { get; set; } = "onnx";

    /// <summary>
    /// Model folder in the Hugging Face / ONNX-community layout. Required for the onnx backend; optional for
    /// openai, where its chat template renders <c>/v1/completions</c> prompts and its tokenizer counts tokens
    /// when the server sends no usage.
    /// </summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>The server of the openai backend (<c>DataFactory:Model:OpenAi</c>).</summary>
    public OpenAiBackendOptions OpenAi { get; set; } = new();

    /// <summary>Whether <see cref="Backend"/> is <c>openai</c>.</summary>
    public bool IsOpenAi => string.Equals(Backend?.Trim(), "openai", StringComparison.OrdinalIgnoreCase);

    /// <summary>A named ONNX variant (e.g. <c>model_q4</c>), or empty for the standard file.</summary>
    public string? Variant { get; set; }

    /// <summary>Execution provider: auto (CUDA when present), cpu or cuda.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Provider { get; set; } = "auto";

    /// <summary>Threads inside one operator; 0 lets ONNX Runtime use every core.</summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }

    /// <summary>CUDA device ordinal.</summary>
    [Range(0, 64)]
    public int CudaDeviceId { get; set; }

    /// <summary>Most sequences decoded in one forward pass.</summary>
    [Range(1, 65_536)]
    public int MaxBatchRows { get; set; } = 64;

    /// <summary>
    /// Continuous batching in the engine (finished rows replaced at the next step) instead of static
    /// waves; off by default while it measures slower on CPU (README, "The generation engine").
    /// </summary>
    public bool ContinuousBatching { get; set; }

    /// <summary>Render prompts through the model's chat template as a user turn.</summary>
    public bool UseChatTemplate { get; set; } = true;
}
