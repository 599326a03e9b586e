using DataFactory.Core.Curation;
using DataFactory.Core.Steps;
using DataFactory.Core.Verification;
using DataFactory.Sandbox;
using DataFactory.Storage;
using DataFactory.Worker.Consumers;
using DataFactory.Worker.Health;
using DataFactory.Worker.Options;
using DataFactory.Worker.Pipeline;
using DataFactory.Worker.Pipeline.Search;
using DataFactory.Worker.Routing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Hosting;

/// <summary>Wires a worker: options, store, engine, pipeline and the MassTransit bus.</summary>
public static class WorkerHostingExtensions
{
    /// <summary>
    /// Adds the settings (validated at start), the store, telemetry, the engine (loaded at start), the
    /// pipeline, the health checks and the bus with the <c>GenerateTraces</c> batch consumer, on
    /// RabbitMQ or the in-memory transport.
    /// </summary>
    public static IHostApplicationBuilder AddDataFactoryWorker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddDataFactorySettings();
        var services = builder.Services;
        services.AddDataFactoryStore();
        builder.AddDataFactoryTelemetry();
        services.AddSingleton<EngineHost>();
        services.AddSingleton<EngineStatus>();
        services.AddSingleton(sp => new BubblewrapTestRunner(sp.GetRequiredService<IOptions<SandboxOptions>>().Value));
        services.AddSingleton(sp => VerifierRegistry.CreateDefault(sp.GetRequiredService<BubblewrapTestRunner>()));
        services.AddSingleton(new CurationOptions());
        services.AddSingleton(StepCheckerRegistry.CreateDefault());
        services.AddSingleton<SearchHarvester>();
        services.AddSingleton<ITracePipeline, TracePipeline>();
        services.AddSingleton<ServedModel>();
        services.AddSingleton<ModelRouter>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TransientFaultWindow>();
        services.AddHostedService<EngineWarmup>();
        services.AddHostedService<SandboxCheck>();
        services.AddWorkerHealthChecks();

        var broker = builder.Configuration.GetSection(BrokerOptions.Section).Get<BrokerOptions>() ?? new BrokerOptions();
        var worker = builder.Configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();
        services.AddDataFactoryBus(broker, bus =>
        {
            bus.AddConsumer<GenerateTracesConsumer, GenerateTracesConsumerDefinition>();
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = WorkerHealthChecks.BrokerCheck;
                health.Tags.Add(WorkerHealthChecks.ReadyTag);
            });
        }, (context, cfg) =>
        {
            // The queue of the model served here, and the base queue, whose messages of other models'
            // runs are forwarded to their own queues.
            var served = context.GetRequiredService<ServedModel>();
            cfg.ReceiveEndpoint(served.Queue, endpoint => endpoint.ConfigureConsumer<GenerateTracesConsumer>(context));
            cfg.ReceiveEndpoint(served.BaseQueue, endpoint => endpoint.ConfigureConsumer<GenerateTracesConsumer>(context));
        });
        services.Configure<MassTransitHostOptions>(host =>
        {
            host.WaitUntilStarted = true;
            host.StopTimeout = TimeSpan.FromSeconds(worker.ShutdownTimeoutSeconds);
            host.ConsumerStopTimeout = TimeSpan.FromSeconds(worker.ShutdownTimeoutSeconds);
        });
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(worker.ShutdownTimeoutSeconds + 5));
        return builder;
    }

    /// <summary>Binds and validates the settings sections (model, database, broker, worker, sandbox).</summary>
    public static IHostApplicationBuilder AddDataFactorySettings(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<SettingsValidator>();
        services.AddSingleton<IValidateOptions<ModelOptions>>(sp => sp.GetRequiredService<SettingsValidator>());
        services.AddSingleton<IValidateOptions<DatabaseOptions>>(sp => sp.GetRequiredService<SettingsValidator>());
        services.AddSingleton<IValidateOptions<BrokerOptions>>(sp => sp.GetRequiredService<SettingsValidator>());
        services.AddSingleton<IValidateOptions<SandboxOptions>>(sp => sp.GetRequiredService<SettingsValidator>());
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BrokerOptions>().BindConfiguration(BrokerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>>(sp => sp.GetRequiredService<SettingsValidator>());
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }

    /// <summary>Registers a pooled <see cref="DataFactoryDbContext"/> factory from <see cref="DatabaseOptions"/>.</summary>
    public static IServiceCollection AddDataFactoryStore(this IServiceCollection services)
    {
        services.AddPooledDbContextFactory<DataFactoryDbContext>((sp, db) =>
            db.UseDataFactoryStore(StoreSettings.ToStoreOptions(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value)));
        return services;
    }

    /// <summary>
    /// Adds MassTransit on RabbitMQ (durable queues) or in memory, with extra registrations and receive
    /// endpoints configured by hand (<paramref name="endpoints"/>; a consumer configured there is left out
    /// of the endpoints configured by convention).
    /// </summary>
    public static IServiceCollection AddDataFactoryBus(
        this IServiceCollection services,
        BrokerOptions broker,
        Action<IBusRegistrationConfigurator>? register = null,
        Action<IBusRegistrationContext, IBusFactoryConfigurator>? endpoints = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        services.AddMassTransit(bus =>
        {
            // MassTransit 8.4+ reports anonymous usage to its vendor by default: a factory makes no calls home.
            bus.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = false);
            register?.Invoke(bus);
            if (broker.IsInMemory)
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    endpoints?.Invoke(context, cfg);
                    cfg.ConfigureEndpoints(context);
                });
                return;
            }

            bus.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<BrokerOptions>>().Value;
                cfg.Host(new Uri(options.Host), host =>
                {
                    if (!string.IsNullOrEmpty(options.Username))
                    {
                        host.Username(options.Username);
                    }

                    if (!string.IsNullOrEmpty(options.Password))
                    {
                        host.Password(options.Password);
                    }
                });
                cfg.Durable = true;
                endpoints?.Invoke(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
        return services;
    }
}
