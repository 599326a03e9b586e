namespace DataFactory.Worker.Serving;

/// <summary>A request the server answers with an error in OpenAI's shape: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
internal sealed class ServeException(int status, string type, string message, string? param = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Param { get; } = param;

    public static ServeException Invalid(string message, string? param = null) => new(400, "invalid_request_error", message, param);
}
