namespace DataFactory.Inference.Chat;

/// <summary>A chat template that cannot be rendered: an unknown family, or messages the template rejects.</summary>
public sealed class ChatTemplateException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong and what to do instead.</param>
    public ChatTemplateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What is wrong and what to do instead.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public ChatTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
