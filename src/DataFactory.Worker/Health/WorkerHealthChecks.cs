using Microsoft.Extensions.DependencyInjection;

namespace DataFactory.Worker.Health;

/// <summary>The worker's readiness checks: database reachable, model loaded; the broker's is MassTransit's own.</summary>
internal static class WorkerHealthChecks
{
    /// <summary>Checks that decide readiness (<c>/health</c>).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Checks written by this project, whose descriptions are safe to show.</summary>
    public const string OwnTag = "datafactory";

    /// <summary>The name of MassTransit's bus check in reports.</summary>
    public const string BrokerCheck = "broker";

    public static IServiceCollection AddWorkerHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag, OwnTag], timeout: TimeSpan.FromSeconds(10))
            .AddCheck<ModelHealthCheck>("model", tags: [ReadyTag, OwnTag]);
        return services;
    }
}
