using DataFactory.Worker.Contracts;
using DataFactory.Worker.Pipeline;
using DataFactory.Worker.Routing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace DataFactory.Worker.Tests.Consumers;

/// <summary>
/// The consumer on a real worker host (in-memory transport, SQLite store, fixture model) whose pipeline
/// always meets the same transient fault: past the window the message is failed with the reason.
/// </summary>
public sealed class TransientWindowConsumerTests
{
    [Fact]
    public async Task A_transient_fault_recurring_beyond_the_window_fails_the_batch_to_the_error_queue_with_the_reason()
    {
        using var factory = await TestFactory.CreateAsync();
        var builder = factory.Builder(new Dictionary<string, string?>
        {
            ["DataFactory:Worker:TransientWindowSeconds"] = "1",
            ["DataFactory:Worker:RetryMinMilliseconds"] = "50",
            ["DataFactory:Worker:RetryMaxMilliseconds"] = "200",
        });
        var pipeline = new AlwaysTimingOut();
        builder.Services.AddSingleton<ITracePipeline>(pipeline);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var served = host.Services.GetRequiredService<ServedModel>();
            var bus = host.Services.GetRequiredService<IBus>();
            var faulted = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var errors = bus.ConnectReceiveEndpoint(ModelQueue.ErrorQueue(served.Queue), e => e.Handler<GenerateTraces>(context =>
            {
                faulted.TrySetResult(context.Headers.Get<string>("MT-Fault-Message"));
                return Task.CompletedTask;
            }));
            await errors.Ready;

            var message = new GenerateTraces(Guid.NewGuid(), [1, 2]);
            await (await bus.GetSendEndpoint(new Uri($"queue:{served.Queue}"))).Send(message);

            var reason = await faulted.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.NotNull(reason);
            Assert.Contains("System.TimeoutException", reason, StringComparison.Ordinal);
            Assert.Contains("DataFactory:Worker:TransientWindowSeconds (1s)", reason, StringComparison.Ordinal);
            Assert.True(pipeline.Attempts >= 3, $"retried within the window: {pipeline.Attempts} attempts");
            var failed = Assert.Single(pipeline.Failed);
            Assert.Equal(message.RunId, failed.RunId);
            Assert.Equal(reason, failed.Reason);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed class AlwaysTimingOut : ITracePipeline
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public List<(Guid RunId, string Reason)> Failed { get; } = [];

        public Task<PipelineResult> ProcessAsync(IReadOnlyList<GenerateTraces> messages, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            throw new TimeoutException("the statement timed out");
        }

        public Task MarkFailedAsync(GenerateTraces message, string reason, CancellationToken cancellationToken)
        {
            lock (Failed)
            {
                Failed.Add((message.RunId, reason));
            }

            return Task.CompletedTask;
        }
    }
}
