namespace DataFactory.Inference.Models;

/// <summary>A model folder that cannot be loaded: missing files, an unsupported graph layout or metadata that disagree.</summary>
public sealed class ModelLoadException : Exception
{
    /// <summary>Creates the exception with a message that names the folder or file and what is wrong.</summary>
    public ModelLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the runtime's own error.</summary>
    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
