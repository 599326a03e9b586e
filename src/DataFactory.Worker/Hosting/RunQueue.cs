using DataFactory.Worker.Contracts;
using MassTransit;

namespace DataFactory.Worker.Hosting;

/// <summary>Queues a run's problems as <see cref="GenerateTraces"/> messages of a few problems each.</summary>
public static class RunQueue
{
    /// <summary>The most messages sent (and confirmed by the broker) at once.</summary>
    public const int MessagesPerSend = 256;

    /// <summary>Sends the problems in messages of <paramref name="problemsPerMessage"/>; returns the number of messages.</summary>
    public static Task<int> SendAsync(
        ISendEndpointProvider sender,
        string queue,
        Guid runId,
        IReadOnlyList<long> problemIds,
        int problemsPerMessage,
        IProgress<int>? progress,
        CancellationToken cancellationToken) =>
        SendConfirmedAsync(sender, queue, runId, problemIds, problemsPerMessage, Timeout.InfiniteTimeSpan, (messages, _, _) =>
        {
            progress?.Report(messages);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// Sends the problems in messages of <paramref name="problemsPerMessage"/>, <see cref="MessagesPerSend"/> at a
    /// time; after each send the broker has confirmed, <paramref name="confirmed"/> gets the messages and the
    /// problems sent so far. Returns the number of messages.
    /// </summary>
    /// <exception cref="TimeoutException">The broker did not confirm a send within <paramref name="confirmTimeout"/>
    /// (it refuses messages, or blocks publishers under a memory or disk alarm).</exception>
    public static async Task<int> SendConfirmedAsync(
        ISendEndpointProvider sender,
        string queue,
        Guid runId,
        IReadOnlyList<long> problemIds,
        int problemsPerMessage,
        TimeSpan confirmTimeout,
        Func<int, int, CancellationToken, Task> confirmed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(problemIds);
        ArgumentNullException.ThrowIfNull(confirmed);
        ArgumentOutOfRangeException.ThrowIfLessThan(problemsPerMessage, 1);
        var endpoint = await sender.GetSendEndpoint(new Uri($"queue:{queue}"));
        var messages = problemIds.Chunk(problemsPerMessage).Select(chunk => new GenerateTraces(runId, chunk)).ToArray();
        int sent = 0, problems = 0;
        foreach (var group in messages.Chunk(MessagesPerSend))
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(confirmTimeout);
                try
                {
                    await endpoint.SendBatch(group, timeout.Token);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"the broker did not confirm {group.Length} messages within {confirmTimeout.TotalSeconds:F0}s");
                }
            }

            sent += group.Length;
            problems += group.Sum(m => m.ProblemIds.Count);
            await confirmed(sent, problems, cancellationToken);
        }

        return messages.Length;
    }
}
