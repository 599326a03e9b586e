using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataFactory.Worker.Serving;

/// <summary>The served model is loaded (it loads before the server listens, so a server that answers is ready).</summary>
internal sealed class ServeHealthCheck(ServedEngine served) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"{served.Name} ({served.Fingerprint[..12]}) on {served.Engine.ExecutionProviderName}"));
}
