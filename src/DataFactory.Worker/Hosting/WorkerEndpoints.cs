using DataFactory.Worker.Health;
using DataFactory.Worker.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace DataFactory.Worker.Hosting;

/// <summary>The worker's HTTP side: <c>/metrics</c> for Prometheus, <c>/health</c> and <c>/health/live</c>.</summary>
public static class WorkerEndpoints
{
    /// <summary>The Prometheus scrape path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Readiness: broker connected, database reachable, model loaded (200, else 503).</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness: the process answers (no dependency is checked).</summary>
    public const string LivePath = "/health/live";

    /// <summary>
    /// Adds the Prometheus exporter and listens on <see cref="TelemetryOptions.Urls"/> (by default a
    /// free port, so that any number of workers start side by side on one machine; the address is logged).
    /// </summary>
    public static WebApplicationBuilder AddDataFactoryWorkerEndpoints(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter());
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.WebHost.UseUrls([.. telemetry.UrlList]);
        return builder;
    }

    /// <summary>Maps <c>/metrics</c>, <c>/health</c> and <c>/health/live</c>.</summary>
    public static WebApplication MapDataFactoryWorkerEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        app.MapHealthChecks(HealthPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(WorkerHealthChecks.ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync });
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WorkerEndpoints));
        app.Lifetime.ApplicationStarted.Register(() => Log.EndpointsListening(logger, string.Join(", ", app.Urls)));
        return app;
    }
}
