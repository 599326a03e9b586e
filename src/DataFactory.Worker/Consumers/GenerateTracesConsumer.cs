using DataFactory.Worker.Contracts;
using DataFactory.Worker.Options;
using DataFactory.Worker.Pipeline;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Consumers;

/// <summary>
/// Consumes <see cref="GenerateTraces"/> in batches sized to fill the engine. A malformed message
/// goes straight to the error queue with the reason. A batch that meets a transient fault (database
/// or broker away) is retried with backoff until the fault clears (or up to
/// <see cref="WorkerOptions.RetryLimit"/>), so an outage never fails a problem. A fault that is not
/// transient is isolated: each message is processed alone, the ones that succeed are stored, and
/// each one that still fails has its problems marked failed with the reason and is moved to the
/// error queue with that reason, so the rest of the run goes on.
/// </summary>
internal sealed class GenerateTracesConsumer(
    ITracePipeline pipeline,
    IOptions<WorkerOptions> options,
    IOptions<BrokerOptions> broker,
    ILogger<GenerateTracesConsumer> logger) : IConsumer<Batch<GenerateTraces>>
{
    public async Task Consume(ConsumeContext<Batch<GenerateTraces>> context)
    {
        var attempt = context.GetRetryAttempt();
        var redelivered = context.Message.Count(m => m.ReceiveContext.Redelivered);
        if (redelivered > 0 && attempt == 0)
        {
            Log.BatchRedelivered(logger, context.Message.Length, redelivered);
        }

        var work = new List<ConsumeContext<GenerateTraces>>(context.Message.Length);
        foreach (var item in context.Message)
        {
            if (MessageRules.Problem(item.Message) is not { } reason)
            {
                work.Add(item);
            }
            else if (attempt == 0)
            {
                // A retry sees the same batch again: the malformed message was moved on the first attempt.
                Log.MessageRejected(logger, reason);
                await MoveToErrorQueueAsync(item, "InvalidMessage", reason);
            }
        }

        if (work.Count == 0)
        {
            return;
        }

        try
        {
            await pipeline.ProcessAsync([.. work.Select(m => m.Message)], context.CancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (TransientFaults.IsTransient(exception) && options.Value.RetriesTransient(attempt))
            {
                Log.BatchFailed(logger, work.Count, attempt, exception.GetType().Name, "retrying");
                throw;
            }

            Log.BatchFailed(logger, work.Count, attempt, exception.GetType().Name, "isolating its messages");
            await IsolateAsync(context, work, exception);
        }
    }

    private async Task IsolateAsync(ConsumeContext context, List<ConsumeContext<GenerateTraces>> work, Exception batchFault)
    {
        foreach (var item in work)
        {
            var message = item.Message;
            Exception? fault;
            if (work.Count == 1)
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

            if (TransientFaults.IsTransient(fault) && options.Value.RetriesTransient(context.GetRetryAttempt()))
            {
                // The store went away while isolating: let the whole batch retry later.
                throw fault;
            }

            var reason = Reason(fault);
            Log.MessageFailed(logger, message.RunId, message.ProblemIds.Count, reason);
            await pipeline.MarkFailedAsync(message, reason, context.CancellationToken);
            await MoveToErrorQueueAsync(item, fault.GetType().FullName, reason);
        }
    }

    private async Task MoveToErrorQueueAsync(ConsumeContext<GenerateTraces> item, string? exceptionType, string reason)
    {
        var errorQueue = await item.GetSendEndpoint(new Uri($"queue:{broker.Value.Queue}_error"));
        await errorQueue.Send(item.Message, send =>
        {
            send.Headers.Set("MT-Reason", "fault");
            send.Headers.Set("MT-Fault-Message", reason);
            send.Headers.Set("MT-Fault-ExceptionType", exceptionType);
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
