using DataFactory.Worker.Contracts;
using DataFactory.Worker.Options;
using DataFactory.Worker.Pipeline;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Consumers;

/// <summary>
/// Consumes <see cref="GenerateTraces"/> in batches sized to fill the engine. A failing batch is
/// retried with backoff while the fault is transient (database or broker away). A fault that is
/// not transient, or that outlasts the retries, is isolated: each message is processed alone, the
/// ones that succeed are stored, and each one that still fails has its problems marked failed
/// with the reason and is moved to the error queue with that reason, so the rest of the run goes on.
/// </summary>
internal sealed class GenerateTracesConsumer(
    ITracePipeline pipeline,
    IOptions<WorkerOptions> options,
    IOptions<BrokerOptions> broker,
    ILogger<GenerateTracesConsumer> logger) : IConsumer<Batch<GenerateTraces>>
{
    public async Task Consume(ConsumeContext<Batch<GenerateTraces>> context)
    {
        var messages = context.Message.Select(m => m.Message).ToArray();
        try
        {
            await pipeline.ProcessAsync(messages, context.CancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var attempt = context.GetRetryAttempt();
            var transient = TransientFaults.IsTransient(exception);
            if (transient && attempt < options.Value.RetryLimit)
            {
                Log.BatchFailed(logger, messages.Length, attempt, exception.GetType().Name, "retrying");
                throw;
            }

            Log.BatchFailed(logger, messages.Length, attempt, exception.GetType().Name, "isolating its messages");
            await IsolateAsync(context, exception);
        }
    }

    private async Task IsolateAsync(ConsumeContext<Batch<GenerateTraces>> context, Exception batchFault)
    {
        foreach (var item in context.Message)
        {
            var message = item.Message;
            Exception? fault;
            if (context.Message.Length == 1)
            {
                fault = batchFault;
            }
            else
            {
                fault = null;
                try
                {
                    await pipeline.ProcessAsync([message], context.CancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    fault = exception;
                }
            }

            if (fault is null)
            {
                continue;
            }

            if (TransientFaults.IsTransient(fault) && context.GetRetryAttempt() < options.Value.RetryLimit)
            {
                // The store went away while isolating: let the whole batch retry later.
                throw fault;
            }

            var reason = Reason(fault);
            Log.MessageFailed(logger, message.RunId, message.ProblemIds.Count, reason);
            await pipeline.MarkFailedAsync(message, reason, context.CancellationToken);
            await MoveToErrorQueueAsync(item, fault, reason);
        }
    }

    private async Task MoveToErrorQueueAsync(ConsumeContext<GenerateTraces> item, Exception fault, string reason)
    {
        var errorQueue = await item.GetSendEndpoint(new Uri($"queue:{broker.Value.Queue}_error"));
        await errorQueue.Send(item.Message, send =>
        {
            send.Headers.Set("MT-Reason", "fault");
            send.Headers.Set("MT-Fault-Message", reason);
            send.Headers.Set("MT-Fault-ExceptionType", fault.GetType().FullName);
            send.Headers.Set("MT-Fault-Timestamp", DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            send.Headers.Set("MT-Fault-InputAddress", item.ReceiveContext.InputAddress?.ToString());
        }, item.CancellationToken);
    }

    private static string Reason(Exception fault)
    {
        var text = $"{fault.GetType().Name}: {fault.Message}";
        return text.Length <= 2000 ? text : text[..2000];
    }
}
