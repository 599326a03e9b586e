using DataFactory.Worker.Telemetry;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace DataFactory.Worker.Hosting;

/// <summary>OpenTelemetry for every process that runs the pipeline (the worker, the embedded demo).</summary>
public static class WorkerTelemetryExtensions
{
    /// <summary>The OpenTelemetry service name of the pipeline's processes.</summary>
    public const string ServiceName = "datafactory-worker";

    /// <summary>The standard variable that, when set, sends traces and metrics to an OTLP collector.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Adds the pipeline's meter and activity source (<see cref="PipelineMetrics"/>,
    /// <see cref="PipelineActivities"/>) and OpenTelemetry: the pipeline's, MassTransit's, Npgsql's
    /// and the runtime's metrics; and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured, traces
    /// (pipeline, MassTransit, Npgsql) and metrics exported by OTLP.
    /// </summary>
    public static IHostApplicationBuilder AddDataFactoryTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddMetrics();
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<PipelineActivities>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(PipelineMetrics.MeterName)
                .AddMeter(InstrumentationOptions.MeterName)
                .AddMeter("System.Runtime")
                .AddNpgsqlInstrumentation());

        // Spans are only worth making when something collects them.
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(PipelineActivities.SourceName)
                    .AddSource(DiagnosticHeaders.DefaultListenerName)
                    .AddNpgsql())
                .UseOtlpExporter();
        }

        return builder;
    }
}
