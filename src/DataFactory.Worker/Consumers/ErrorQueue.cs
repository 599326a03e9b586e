using System.Globalization;
using DataFactory.Worker.Contracts;
using DataFactory.Worker.Routing;
using MassTransit;

namespace DataFactory.Worker.Consumers;

/// <summary>
/// Moves a message to the error queue of the queue it came from (<c>&lt;queue&gt;_error</c>), with the reason
/// in MassTransit's fault headers, as MassTransit itself does for a fault that escapes a consumer.
/// </summary>
internal static class ErrorQueue
{
    public static async Task MoveAsync(ConsumeContext<GenerateTraces> item, string fallbackQueue, string? exceptionType, string reason)
    {
        var queue = ModelQueue.NameOf(item.ReceiveContext.InputAddress) ?? fallbackQueue;
        var errors = await item.GetSendEndpoint(new Uri($"queue:{ModelQueue.ErrorQueue(queue)}"));
        await errors.Send(item.Message, send =>
        {
            send.Headers.Set("MT-Reason", "fault");
            send.Headers.Set("MT-Fault-Message", reason);
            send.Headers.Set("MT-Fault-ExceptionType", exceptionType);
            send.Headers.Set("MT-Fault-Timestamp", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            send.Headers.Set("MT-Fault-InputAddress", item.ReceiveContext.InputAddress?.ToString());
        }, item.CancellationToken);
    }

    /// <summary>The reason stored with a failed problem and sent with its message: type and message, at most 2,000 characters.</summary>
    public static string Reason(Exception fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var text = $"{fault.GetType().Name}: {fault.Message}";
        return text.Length <= 2000 ? text : text[..2000];
    }
}
