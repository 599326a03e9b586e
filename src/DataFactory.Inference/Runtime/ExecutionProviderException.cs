namespace DataFactory.Inference.Runtime;

/// <summary>
/// The execution provider asked for explicitly cannot be used (CUDA on the CPU-only ONNX Runtime build, or
/// without a CUDA device or its libraries). The engine never falls back silently when CUDA was asked for.
/// </summary>
public sealed class ExecutionProviderException : Exception
{
    /// <summary>Creates the exception with a message that says why the provider cannot be used.</summary>
    public ExecutionProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the runtime's own error.</summary>
    public ExecutionProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
