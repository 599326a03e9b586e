using DataFactory.Cli.Settings;
using DataFactory.Storage;
using DataFactory.Storage.Runs;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Options;
using DataFactory.Worker.Routing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataFactory.Cli.Commands;

/// <summary>
/// Queues a run's problems on the queue of its model and records in the store, after each send the
/// broker confirmed, how far queueing got, so that a broker failure mid-send leaves a run that
/// <c>datafactory run --resume ID</c> finishes queueing. A problem queued but not finished is not queued
/// again: its message is in the broker, durable and confirmed, and a second one would only cost work.
/// </summary>
internal static class RunDispatch
{
    /// <summary>Queues <see cref="RunQueueing.Pending"/>; returns the number of messages.</summary>
    /// <exception cref="InvalidOperationException">Sending stopped part way; the message says how to resume.</exception>
    public static async Task<int> SendAsync(StoreOptions store, BrokerOptions broker, RunQueueing queueing, int problemsPerMessage, CancellationToken cancellationToken)
    {
        var queue = ModelQueue.For(broker.Queue, queueing.ModelHash);
        var positions = new Dictionary<long, int>(queueing.ProblemIds.Count);
        for (var i = 0; i < queueing.ProblemIds.Count; i++)
        {
            positions[queueing.ProblemIds[i]] = i + 1;
        }

        var queued = queueing.ProblemIds.Count - queueing.Pending.Count;
        try
        {
            var messages = 0;
            if (queueing.Pending.Count > 0)
            {
                messages = await SendToBrokerAsync(broker, queue, queueing.RunId, queueing.Pending, problemsPerMessage, async (problems, token) =>
                {
                    var through = queueing.Pending[problems - 1];
                    await RecordAsync(store, queueing.RunId, through, positions[through], token);
                    queued = positions[through];
                }, cancellationToken);
            }

            if (queueing.ProblemIds.Count > 0)
            {
                // Whatever was left after the last pending problem is finished: queueing is complete.
                await RecordAsync(store, queueing.RunId, queueing.ProblemIds[^1], queueing.ProblemIds.Count, cancellationToken);
            }

            await Console.Error.WriteLineAsync($"queued {queueing.Pending.Count} problems in {messages} messages on '{queue}'");
            return messages;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync(Stopped(queueing, queued, "cancelled"));
            throw;
        }
        catch (Exception exception) when (exception is not CliException)
        {
            throw new InvalidOperationException(Stopped(queueing, queued, $"{exception.GetType().Name}: {FirstLine(exception.Message)}"), exception);
        }
    }

    private static string Stopped(RunQueueing queueing, int queued, string why) =>
        $"queueing run {queueing.RunId} stopped after {queued} of {queueing.ProblemIds.Count} problems ({why}); queue the rest with: datafactory run --resume {queueing.RunId}";

    private static async Task<int> SendToBrokerAsync(
        BrokerOptions broker, string queue, Guid runId, IReadOnlyList<long> problemIds, int problemsPerMessage,
        Func<int, CancellationToken, Task> confirmed, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(broker));
        builder.Services.AddDataFactoryBus(broker);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var bus = host.Services.GetRequiredService<IBus>();
            return await RunQueue.SendConfirmedAsync(bus, queue, runId, problemIds, problemsPerMessage, TimeSpan.FromSeconds(broker.SendTimeoutSeconds), (_, problems, token) => confirmed(problems, token), cancellationToken);
        }
        finally
        {
            // Bounded: a broker that stopped confirming must not hold the command after it gave up.
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(stop.Token);
        }
    }

    private static async Task RecordAsync(StoreOptions store, Guid runId, long through, int sent, CancellationToken cancellationToken)
    {
        await using var context = new DataFactoryDbContext(store.ToDbContextOptions());
        await new RunStore(context).RecordQueuedAsync(runId, through, sent, cancellationToken);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
