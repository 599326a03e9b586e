using DataFactory.Worker.Health;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace DataFactory.Worker.Serving;

/// <summary>Wires <c>datafactory serve</c>: the model's engine behind an OpenAI-compatible HTTP API, with <c>/metrics</c> and <c>/health</c>.</summary>
public static class ServeHostingExtensions
{
    /// <summary>The OpenTelemetry service name of <c>serve</c>.</summary>
    public const string ServiceName = "datafactory-serve";

    /// <summary>Adds the settings (validated at start), the engine, the request batcher, metrics and health, and listens on <see cref="ServeOptions.Urls"/>.</summary>
    public static WebApplicationBuilder AddDataFactoryServe(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<SettingsValidator>();
        services.AddSingleton<IValidateOptions<ModelOptions>>(sp => sp.GetRequiredService<SettingsValidator>());
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ServeOptions>().BindConfiguration(ServeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ServedEngine>();
        services.AddSingleton(sp => new ApiKeyCheck(sp.GetRequiredService<IOptions<ServeOptions>>().Value.ApiKey));
        services.AddMetrics();
        services.AddSingleton<ServeMetrics>();
        services.AddSingleton<EngineBatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineBatcher>());
        services.AddHealthChecks().AddCheck<ServeHealthCheck>("model", tags: [WorkerHealthChecks.ReadyTag, WorkerHealthChecks.OwnTag]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics.AddMeter(ServeMetrics.MeterName).AddMeter("System.Runtime").AddPrometheusExporter());
        var serve = builder.Configuration.GetSection(ServeOptions.Section).Get<ServeOptions>() ?? new ServeOptions();
        builder.WebHost.UseUrls([.. serve.UrlList]);
        return builder;
    }

    /// <summary>
    /// Checks before the server listens: the settings, an API key when an address reaches beyond loopback, and the
    /// model (loaded now, so that a bad one fails the start in one line).
    /// </summary>
    /// <exception cref="WorkerStartException">A setting or the model is wrong, or the server would listen beyond loopback without a key.</exception>
    public static void CheckDataFactoryServe(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        ModelOptions model;
        ServeOptions serve;
        try
        {
            model = app.Services.GetRequiredService<IOptions<ModelOptions>>().Value;
            serve = app.Services.GetRequiredService<IOptions<ServeOptions>>().Value;
        }
        catch (OptionsValidationException exception)
        {
            throw new WorkerStartException(string.Join("; ", exception.Failures));
        }

        if (model.IsOpenAi)
        {
            throw new WorkerStartException("serve exposes the in-process engine: DataFactory:Model:Backend must be onnx.");
        }

        var open = ListenAddresses.BeyondLoopback(serve.UrlList);
        if (open.Count > 0 && string.IsNullOrEmpty(serve.ApiKey))
        {
            throw new WorkerStartException(
                $"serve would listen beyond loopback ({string.Join(", ", open)}) without an API key; give --api-key (or DATAFACTORY__SERVE__APIKEY), or listen on 127.0.0.1.");
        }

        app.Services.GetRequiredService<ServedEngine>();
    }

    /// <summary>Maps the OpenAI routes, <c>/metrics</c>, <c>/health</c> and <c>/health/live</c>.</summary>
    public static WebApplication MapDataFactoryServe(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        ServeEndpoints.Map(app);
        var served = app.Services.GetRequiredService<ServedEngine>();
        var keys = app.Services.GetRequiredService<ApiKeyCheck>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServeHostingExtensions));
        app.Lifetime.ApplicationStarted.Register(() => Log.Serving(
            logger, served.Name, served.Fingerprint[..12], served.Engine.ExecutionProviderName, string.Join(", ", app.Urls), keys.Required ? "required" : "not required (loopback only)"));
        app.MapPrometheusScrapingEndpoint(WorkerEndpoints.MetricsPath);
        app.MapHealthChecks(WorkerEndpoints.HealthPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(WorkerHealthChecks.ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        app.MapHealthChecks(WorkerEndpoints.LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync });
        return app;
    }
}
