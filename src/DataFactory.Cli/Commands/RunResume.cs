using DataFactory.Storage;
using DataFactory.Storage.Runs;
using DataFactory.Worker.Options;

namespace DataFactory.Cli.Commands;

/// <summary>
/// <c>datafactory run --resume ID</c>: derives the run's problems again as at its creation and queues those
/// neither queued nor finished. Idempotent: once queueing is complete there is nothing to queue.
/// </summary>
internal static class RunResume
{
    public static async Task<int> ExecuteAsync(StoreOptions store, BrokerOptions broker, WorkerOptions worker, Guid runId, CancellationToken cancellationToken)
    {
        RunQueueing queueing;
        await using (var context = new DataFactoryDbContext(store.ToDbContextOptions()))
        {
            queueing = await new RunStore(context).GetQueueingAsync(runId, requeueUnfinished: false, cancellationToken);
        }

        await Console.Error.WriteLineAsync(
            $"run {runId}: {queueing.ProblemIds.Count} problems, {queueing.ProblemIds.Count - queueing.Pending.Count} queued or finished, {queueing.Pending.Count} to queue");
        Console.WriteLine(runId);
        await RunDispatch.SendAsync(store, broker, queueing, worker.ProblemsPerMessage, cancellationToken);
        return 0;
    }
}
