using DataFactory.Cli.Settings;
using DataFactory.Storage;
using DataFactory.Storage.Runs;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Options;
using DataFactory.Worker.Routing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataFactory.Cli.Local;

/// <summary>
/// The factory in this process (<c>run --local</c>, <c>demo</c>): the worker's host, pipeline and
/// checks on MassTransit's in-memory transport over the given store. A run's problems are queued in
/// memory and the call returns when the store says the run is finished; cancelling stops the host
/// after the batch in hand (each batch is one transaction, so nothing is half-written).
/// </summary>
internal sealed class LocalFactory : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    private readonly IHost _host;

    private LocalFactory(IHost host, StoreOptions store)
    {
        _host = host;
        Store = store;
    }

    /// <summary>The store the factory writes to.</summary>
    public StoreOptions Store { get; }

    /// <summary>
    /// Builds and starts the host: configuration as for every command (appsettings.json, then
    /// environment variables), then <paramref name="overrides"/>, then this store and the in-memory
    /// transport. The worker's start checks run first, so a bad setting or model is one line, exit 2.
    /// </summary>
    public static async Task<LocalFactory> StartAsync(
        StoreOptions store, string modelDirectory, IReadOnlyDictionary<string, string?> overrides, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        // Ctrl+C stops a local run now: the batch in hand is abandoned uncommitted (its problems stay
        // unattempted) rather than finished. A default only: settings and overrides come after it.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{WorkerOptions.Section}:ShutdownTimeoutSeconds"] = "1" });
        builder.Configuration.AddConfiguration(CliSettings.Load());
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ModelOptions.Section}:Directory"] = modelDirectory,
            [$"{DatabaseOptions.Section}:Provider"] = store.Provider == StoreProvider.Sqlite ? "sqlite" : "postgres",
            [$"{DatabaseOptions.Section}:ConnectionString"] = store.ConnectionString,
            [$"{BrokerOptions.Section}:Transport"] = "in-memory",
        });
        builder.AddDataFactoryWorker();
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        var host = builder.Build();
        try
        {
            await WorkerStartup.CheckAsync(host.Services, cancellationToken);
            await host.StartAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is WorkerStartException or OptionsValidationException)
        {
            host.Dispose();
            throw new CliException(exception is OptionsValidationException options ? string.Join("; ", options.Failures) : exception.Message);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new LocalFactory(host, store);
    }

    /// <summary>
    /// Queues the run's pending problems in memory, on its model's queue, records its queueing as
    /// complete, and waits until the run is finished, reporting progress.
    /// </summary>
    public async Task<RunSummary> ProcessAsync(RunQueueing run, RunProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(progress);
        var broker = _host.Services.GetRequiredService<IOptions<BrokerOptions>>().Value;
        var worker = _host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value;
        var bus = _host.Services.GetRequiredService<IBus>();
        await RunQueue.SendAsync(bus, ModelQueue.For(broker.Queue, run.ModelHash), run.RunId, run.Pending, worker.ProblemsPerMessage, null, cancellationToken);
        if (run.ProblemIds.Count > 0)
        {
            await using var context = new DataFactoryDbContext(Store.ToDbContextOptions());
            await new RunStore(context).RecordQueuedAsync(run.RunId, run.ProblemIds[^1], run.ProblemIds.Count, cancellationToken);
        }

        return await progress.WaitAsync(Store, run.RunId, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // MassTransit's in-memory transport drains its queue before it stops. After a finished run the
        // queue is empty and the stop is quick; after Ctrl+C the rest of the run is dropped instead:
        // generation is halted, so the batch in hand and the queued ones end without generating (their
        // problems stay unattempted; a batch is one transaction, never half-written), and if the stop
        // still takes longer than a moment the command ends without waiting for it.
        _host.Services.GetRequiredService<EngineHost>().Halt();
        var stop = _host.StopAsync(CancellationToken.None);
        if (await Task.WhenAny(stop, Task.Delay(StopGrace)) == stop)
        {
            await stop;
            _host.Dispose();
        }
    }
}
