namespace DataFactory.Inference.Runtime;

/// <summary>Where ONNX Runtime runs the decoder.</summary>
public enum ExecutionProvider
{
    /// <summary>CUDA when the native runtime has it and a device answers, else CPU.</summary>
    Auto,

    /// <summary>The CPU provider.</summary>
    Cpu,

    /// <summary>CUDA; falls back to CPU with a warning when the native runtime lacks it (the CPU package).</summary>
    Cuda,
}
