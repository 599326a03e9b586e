using Microsoft.Extensions.Logging;

namespace DataFactory.Worker;

/// <summary>The worker's source-generated log messages (event ids 2000–2999).</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "Run {RunId}: {Problems} problems, {Candidates} candidates, {Correct} correct, {Traces} traces stored, {Duplicates} already done, {Seconds:F2}s")]
    public static partial void BatchWritten(ILogger logger, Guid runId, int problems, long candidates, long correct, long traces, int duplicates, double seconds);

    [LoggerMessage(2001, LogLevel.Warning, "Cannot mark problems of run {RunId} failed: {Why}")]
    public static partial void CannotMarkFailed(ILogger logger, Guid runId, string why);

    [LoggerMessage(2002, LogLevel.Warning, "Batch of {Messages} messages failed on attempt {Attempt} ({ExceptionType}); {Action}")]
    public static partial void BatchFailed(ILogger logger, int messages, int attempt, string exceptionType, string action);

    [LoggerMessage(2003, LogLevel.Error, "Message for run {RunId} with {Problems} problems failed for good and goes to the error queue: {Reason}")]
    public static partial void MessageFailed(ILogger logger, Guid runId, int problems, string reason);

    [LoggerMessage(2004, LogLevel.Information, "Worker serves model {Model} ({Fingerprint}) on {Provider}; queue {Queue} (and {BaseQueue}, forwarding other models' runs), {MessagesPerBatch} messages per batch, prefetch {Prefetch}")]
    public static partial void WorkerReady(ILogger logger, string model, string fingerprint, string provider, string queue, string baseQueue, int messagesPerBatch, int prefetch);

    [LoggerMessage(2005, LogLevel.Warning, "Code verification sandbox unavailable, code candidates get unsupported verdicts: {Reason}")]
    public static partial void SandboxUnavailable(ILogger logger, string reason);

    [LoggerMessage(2006, LogLevel.Information, "Code verification sandbox ready: bubblewrap, {WallClockSeconds} s wall clock, {CpuSeconds} s CPU, {MemoryMegabytes} MiB, {MaxProcesses} processes, {Concurrency} at once")]
    public static partial void SandboxReady(ILogger logger, int wallClockSeconds, int cpuSeconds, int memoryMegabytes, int maxProcesses, int concurrency);

    [LoggerMessage(2007, LogLevel.Information, "Metrics at /metrics and health at /health on {Urls}")]
    public static partial void EndpointsListening(ILogger logger, string urls);

    [LoggerMessage(2008, LogLevel.Error, "Malformed GenerateTraces message goes to the error queue: {Reason}")]
    public static partial void MessageRejected(ILogger logger, string reason);

    [LoggerMessage(2009, LogLevel.Information, "Batch of {Messages} messages: {Redelivered} redelivered")]
    public static partial void BatchRedelivered(ILogger logger, int messages, int redelivered);

    [LoggerMessage(2010, LogLevel.Warning, "Waiting for the {Service}: {Reason}; next try in {Seconds:F1}s")]
    public static partial void WaitingFor(ILogger logger, string service, string reason, double seconds);

    [LoggerMessage(2011, LogLevel.Information, "Run {RunId} is for another model: message with {Problems} problems forwarded to {Queue}")]
    public static partial void MessageForwarded(ILogger logger, Guid runId, int problems, string queue);

    [LoggerMessage(2012, LogLevel.Error, "Transient fault {Cause} recurred for {Seconds:F0}s, beyond the window of {Window:F0}s: the batch's {Messages} messages fail with the reason and go to the error queue")]
    public static partial void TransientWindowExceeded(ILogger logger, string cause, double seconds, double window, int messages);

    [LoggerMessage(2013, LogLevel.Information, "Serving {Model} ({Fingerprint}) on {Provider} at {Urls} (/v1/models, /v1/completions, /v1/chat/completions, /metrics, /health); API key {KeyState}")]
    public static partial void Serving(ILogger logger, string model, string fingerprint, string provider, string urls, string keyState);
}
