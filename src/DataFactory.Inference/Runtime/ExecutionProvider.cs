namespace DataFactory.Inference.Runtime;

/// <summary>Where ONNX Runtime runs the decoder.</summary>
public enum ExecutionProvider
{
    /// <summary>CUDA when the native runtime has it and a device answers, else CPU with a logged warning that says why.</summary>
    Auto,

    /// <summary>The CPU provider.</summary>
    Cpu,

    /// <summary>CUDA or nothing: when CUDA cannot be used (the CPU package, no device, no CUDA libraries) the engine does not load and <see cref="ExecutionProviderException"/> says why.</summary>
    Cuda,
}
