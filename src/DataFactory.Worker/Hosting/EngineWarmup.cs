using DataFactory.Worker.Options;
using DataFactory.Worker.Routing;
using DataFactory.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Hosting;

/// <summary>Loads the engine when the host starts, so a bad model fails the start rather than the first batch.</summary>
internal sealed class EngineWarmup(IServiceProvider services, EngineStatus status, ILogger<EngineWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var engine = services.GetRequiredService<EngineHost>();
        services.GetRequiredService<PipelineMetrics>().EngineLoaded(engine.ModelName, engine.ProviderName);
        status.Loaded(engine);
        var worker = services.GetRequiredService<IOptions<WorkerOptions>>().Value;
        var served = services.GetRequiredService<ServedModel>();
        Log.WorkerReady(logger, engine.ModelName, engine.Fingerprint[..12], engine.ProviderName, served.Queue, served.BaseQueue, worker.MessagesPerBatch, worker.EffectivePrefetch);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
