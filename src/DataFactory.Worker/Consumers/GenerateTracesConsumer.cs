using System.Globalization;
using DataFactory.Worker.Contracts;
using DataFactory.Worker.Options;
using DataFactory.Worker.Pipeline;
using DataFactory.Worker.Routing;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Consumers;

/// <summary>
/// Consumes <see cref="GenerateTraces"/> in batches sized to fill the engine. A malformed message
/// goes straight to the error queue with the reason. A message whose run was created for another model
/// is forwarded to that model's queue (<see cref="ModelRouter"/>), never failed. A batch that meets a
/// transient fault (database or broker away) is retried with backoff until the fault clears, up to
/// <see cref="WorkerOptions.RetryLimit"/> tries and for at most <see cref="WorkerOptions.TransientWindowSeconds"/>
/// of the same cause (<see cref="TransientFaultWindow"/>); beyond the window its messages are failed
/// with the reason. A fault that is not transient is isolated: each message is processed alone, the
/// ones that succeed are stored, and each one that still fails has its problems marked failed with the
/// reason and is moved to the error queue with that reason, so the rest of the run goes on.
/// </summary>
internal sealed class GenerateTracesConsumer(
    ITracePipeline pipeline,
    ModelRouter router,
    ServedModel served,
    TransientFaultWindow window,
    IOptions<WorkerOptions> options,
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

        var work = await WellFormedAsync(context, attempt);
        if (work.Count == 0)
        {
            return;
        }

        var batch = BatchKey(work);
        var here = work;
        IReadOnlyDictionary<Guid, string> elsewhere = new Dictionary<Guid, string>();
        try
        {
            elsewhere = await router.ElsewhereAsync(work.Select(m => m.Message.RunId), context.CancellationToken);
            here = [.. work.Where(m => !elsewhere.ContainsKey(m.Message.RunId))];
            await ProcessAsync(context, here, attempt);
        }
        catch (Exception exception) when (exception is not OperationCanceledException
            && TransientFaults.IsTransient(exception) && options.Value.RetriesTransient(attempt))
        {
            if (window.Record(batch, exception) is not { } lasted)
            {
                Log.BatchFailed(logger, work.Count, attempt, exception.GetType().Name, "retrying");
                throw;
            }

            await GiveUpAsync(context, here, exception, lasted);
        }

        window.Clear(batch);
        await ForwardAsync(work.Where(m => elsewhere.ContainsKey(m.Message.RunId)), elsewhere);
    }

    private async Task<List<ConsumeContext<GenerateTraces>>> WellFormedAsync(ConsumeContext<Batch<GenerateTraces>> context, int attempt)
    {
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
                await ErrorQueue.MoveAsync(item, served.Queue, "InvalidMessage", reason);
            }
        }

        return work;
    }

    private async Task ProcessAsync(ConsumeContext context, List<ConsumeContext<GenerateTraces>> here, int attempt)
    {
        if (here.Count == 0)
        {
            return;
        }

        try
        {
            await pipeline.ProcessAsync([.. here.Select(m => m.Message)], context.CancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException
            && !(TransientFaults.IsTransient(exception) && options.Value.RetriesTransient(attempt)))
        {
            Log.BatchFailed(logger, here.Count, attempt, exception.GetType().Name, "isolating its messages");
            await IsolateAsync(context, here, exception, attempt);
        }
    }

    private async Task IsolateAsync(ConsumeContext context, List<ConsumeContext<GenerateTraces>> work, Exception batchFault, int attempt)
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

            if (TransientFaults.IsTransient(fault) && options.Value.RetriesTransient(attempt))
            {
                // The store went away while isolating: let the whole batch retry later.
                throw fault;
            }

            await FailAsync(item, fault.GetType().FullName, ErrorQueue.Reason(fault), context.CancellationToken);
        }
    }

    /// <summary>The same transient cause outlasted the window: the batch's messages fail with the reason instead of looping.</summary>
    private async Task GiveUpAsync(ConsumeContext context, List<ConsumeContext<GenerateTraces>> here, Exception fault, TimeSpan lasted)
    {
        var cause = TransientFaults.Cause(fault);
        Log.TransientWindowExceeded(logger, cause, lasted.TotalSeconds, window.Window.TotalSeconds, here.Count);
        var reason = ErrorQueue.Reason(fault);
        reason = string.Create(CultureInfo.InvariantCulture,
            $"transient fault {cause} recurred for {lasted.TotalSeconds:F0}s, beyond DataFactory:Worker:TransientWindowSeconds ({window.Window.TotalSeconds:F0}s): {reason}");
        foreach (var item in here)
        {
            await FailAsync(item, fault.GetType().FullName, reason, context.CancellationToken);
        }
    }

    private async Task FailAsync(ConsumeContext<GenerateTraces> item, string? exceptionType, string reason, CancellationToken cancellationToken)
    {
        var message = item.Message;
        Log.MessageFailed(logger, message.RunId, message.ProblemIds.Count, reason);
        try
        {
            await pipeline.MarkFailedAsync(message, reason, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && TransientFaults.IsTransient(exception))
        {
            // The store is what keeps failing: the error queue still holds the message and the reason.
            Log.CannotMarkFailed(logger, message.RunId, $"the store is unreachable ({TransientFaults.Cause(exception)}); the message and the reason are in the error queue");
        }

        await ErrorQueue.MoveAsync(item, served.Queue, exceptionType, reason);
    }

    /// <summary>Sends each message of another model's run to that model's queue, headers and all.</summary>
    private async Task ForwardAsync(IEnumerable<ConsumeContext<GenerateTraces>> away, IReadOnlyDictionary<Guid, string> queues)
    {
        foreach (var item in away)
        {
            var queue = queues[item.Message.RunId];
            if (string.Equals(queue, ModelQueue.NameOf(item.ReceiveContext.InputAddress), StringComparison.Ordinal))
            {
                // Two fingerprints alike in their first 16 digits: forwarding would loop, so say why it cannot be served.
                await FailAsync(item, typeof(ModelMismatchException).FullName,
                    $"Run {item.Message.RunId} is for another model whose queue is this worker's own ({queue}); no worker can take it from there.", item.CancellationToken);
                continue;
            }

            Log.MessageForwarded(logger, item.Message.RunId, item.Message.ProblemIds.Count, queue);
            await item.Forward(await item.GetSendEndpoint(new Uri($"queue:{queue}")));
        }
    }

    /// <summary>The batch's identity across retries: its messages' runs and problems, in a fixed order.</summary>
    private static string BatchKey(List<ConsumeContext<GenerateTraces>> work) =>
        string.Join(';', work.Select(m => $"{m.Message.RunId:N}:{string.Join(',', m.Message.ProblemIds)}").Order(StringComparer.Ordinal));
}
