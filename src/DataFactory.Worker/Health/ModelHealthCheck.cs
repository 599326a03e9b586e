using DataFactory.Worker.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataFactory.Worker.Health;

/// <summary>The engine has loaded its model (the host loads it at start; until then the worker is not ready).</summary>
internal sealed class ModelHealthCheck(EngineStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Engine is { } engine
            ? HealthCheckResult.Healthy($"{engine.ModelName} ({engine.Fingerprint[..12]}) on {engine.ProviderName}")
            : HealthCheckResult.Unhealthy("model not loaded yet"));
}
