using DataFactory.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataFactory.Worker.Health;

/// <summary>
/// The store answers a connection. The result never carries the provider's error: its message can
/// name the host and user, and the health endpoint is often reachable by more people than the logs.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<DataFactoryDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("reachable")
            : HealthCheckResult.Unhealthy("unreachable");
    }
}
