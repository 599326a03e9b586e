namespace DataFactory.Inference.Backends;

/// <summary>A backend could not generate: the server refused the request, stayed unreachable, or answered what cannot be read.</summary>
public sealed class GenerationBackendException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GenerationBackendException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public GenerationBackendException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public GenerationBackendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed request.</summary>
    /// <param name="message">What failed, naming the endpoint and the server's own message.</param>
    /// <param name="isTransient">Whether the same request may succeed later (429, 5xx, connection, timeout, truncated body).</param>
    /// <param name="statusCode">The HTTP status, when there was an answer.</param>
    /// <param name="innerException">The cause, if any.</param>
    public GenerationBackendException(string message, bool isTransient, int? statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        StatusCode = statusCode;
    }

    /// <summary>Whether a later try of the same work may succeed.</summary>
    public bool IsTransient { get; }

    /// <summary>The HTTP status of the answer, or null when none came.</summary>
    public int? StatusCode { get; }
}
