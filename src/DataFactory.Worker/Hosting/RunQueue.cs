using DataFactory.Worker.Contracts;
using MassTransit;

namespace DataFactory.Worker.Hosting;

/// <summary>Queues a run's problems as <see cref="GenerateTraces"/> messages of a few problems each.</summary>
public static class RunQueue
{
    /// <summary>Sends the problems in messages of <paramref name="problemsPerMessage"/>; returns the number of messages.</summary>
    public static async Task<int> SendAsync(
        ISendEndpointProvider sender,
        string queue,
        Guid runId,
        IReadOnlyList<long> problemIds,
        int problemsPerMessage,
        IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(problemIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(problemsPerMessage, 1);
        var endpoint = await sender.GetSendEndpoint(new Uri($"queue:{queue}"));
        var messages = problemIds.Chunk(problemsPerMessage).Select(chunk => new GenerateTraces(runId, chunk)).ToArray();
        var sent = 0;
        foreach (var group in messages.Chunk(256))
        {
            await endpoint.SendBatch(group, cancellationToken);
            sent += group.Length;
            progress?.Report(sent);
        }

        return messages.Length;
    }
}
