using DataFactory.Worker.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Hosting;

/// <summary>
/// Checks, before the host starts, everything a worker needs: the settings, the model, the database
/// and the broker. A configuration error ends the start with one <see cref="WorkerStartException"/>
/// line (so the bus never starts and never logs a failed stop); a database or broker that is only
/// unreachable is waited for, as after a restart.
/// </summary>
public static class WorkerStartup
{
    /// <summary>Runs the checks; returns when the worker can start.</summary>
    /// <exception cref="WorkerStartException">A setting, the model, the database or the broker is wrong.</exception>
    public static async Task CheckAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var failures = new List<string>();
        var model = Validated<ModelOptions>(services, failures);
        var database = Validated<DatabaseOptions>(services, failures);
        var broker = Validated<BrokerOptions>(services, failures);
        var worker = Validated<WorkerOptions>(services, failures);
        if (failures.Count > 0 || model is null || database is null || broker is null || worker is null)
        {
            throw new WorkerStartException(string.Join("; ", failures));
        }

        // The engine loads the model, probes its chat template and opens the provider; each failure is a WorkerStartException.
        services.GetRequiredService<EngineHost>();
        await StoreReadiness.WaitAsync(services, worker, cancellationToken);
        if (!broker.IsInMemory)
        {
            await BrokerReadiness.WaitAsync(services, broker, worker, cancellationToken);
        }
    }

    private static T? Validated<T>(IServiceProvider services, List<string> failures)
        where T : class
    {
        try
        {
            return services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException exception)
        {
            failures.AddRange(exception.Failures);
            return null;
        }
    }
}
