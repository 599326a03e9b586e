using Microsoft.Extensions.Logging;

namespace DataFactory.Inference.Backends;

/// <summary>Source-generated log messages of the generation backends (event ids 1100–1199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "{Endpoint} failed ({Reason}); try {Attempt} of {Attempts}, next in {Seconds:F2} s")]
    public static partial void Retrying(ILogger logger, string endpoint, string reason, int attempt, int attempts, double seconds);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "OpenAI-compatible server {BaseUrl} serves {Model} (root {Root}, context {Context}); fingerprint {Fingerprint}")]
    public static partial void ServerIdentified(ILogger logger, string baseUrl, string model, string root, string context, string fingerprint);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "{Endpoint} answered without usage; token counts are {How}")]
    public static partial void UsageMissing(ILogger logger, string endpoint, string how);
}
