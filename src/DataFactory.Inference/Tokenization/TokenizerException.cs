namespace DataFactory.Inference.Tokenization;

/// <summary>
/// A model folder's tokenizer files are missing, malformed, or use a feature this loader does not implement.
/// </summary>
public sealed class TokenizerException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong and, where it helps, which file and field.</param>
    public TokenizerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What is wrong and, where it helps, which file and field.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public TokenizerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
