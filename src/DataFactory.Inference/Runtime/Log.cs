using Microsoft.Extensions.Logging;

namespace DataFactory.Inference.Runtime;

/// <summary>Source-generated log messages of the inference engine (event ids 1000–1099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Loaded {OnnxPath} on {Provider}: {Layers} layers, {KvHeads} KV heads × {HeadSize}, vocabulary {Vocabulary}, context {Context}, KV {KvType}, logits {LogitsType}")]
    public static partial void ModelLoaded(ILogger logger, string onnxPath, string provider, int layers, int kvHeads, int headSize, int vocabulary, int context, string kvType, string logitsType);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Provider auto: CUDA cannot be used ({Reason}); running on CPU")]
    public static partial void CudaUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Provider auto: this build has the CPU-only ONNX Runtime; running on CPU")]
    public static partial void CpuOnlyBuild(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Wave of {Problems} problems, {Rows} rows: {Steps} decode steps, {Tokens} tokens in {Seconds:F3} s")]
    public static partial void WaveDone(ILogger logger, int problems, int rows, int steps, long tokens, double seconds);
}
