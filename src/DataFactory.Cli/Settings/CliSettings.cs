using DataFactory.Sandbox;
using DataFactory.Storage;
using DataFactory.Worker.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DataFactory.Cli.Settings;

/// <summary>
/// The CLI's configuration: appsettings.json beside the binary, then appsettings.json in the current
/// folder, then <c>DATAFACTORY__...</c> environment variables (the same keys the worker reads).
/// </summary>
internal static class CliSettings
{
    public static IConfigurationRoot Load() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    public static StoreOptions Store(IConfiguration configuration)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        Check(new SettingsValidator().Validate(null, database));
        return StoreSettings.ToStoreOptions(database);
    }

    public static BrokerOptions Broker(IConfiguration configuration)
    {
        var broker = configuration.GetSection(BrokerOptions.Section).Get<BrokerOptions>() ?? new BrokerOptions();
        Check(new SettingsValidator().Validate(null, broker));
        return broker;
    }

    /// <summary>The code sandbox's limits (<c>DataFactory:Sandbox</c>), validated.</summary>
    public static SandboxOptions Sandbox(IConfiguration configuration)
    {
        var sandbox = configuration.GetSection(SandboxOptions.Section).Get<SandboxOptions>() ?? new SandboxOptions();
        Check(new SettingsValidator().Validate(null, sandbox));
        return sandbox;
    }

    public static WorkerOptions Worker(IConfiguration configuration) =>
        configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();

    /// <summary>The ONNX variant the workers load (<c>DataFactory:Model:Variant</c>), or null for the standard file.</summary>
    public static string? ModelVariant(IConfiguration configuration) =>
        configuration[$"{ModelOptions.Section}:Variant"] is { Length: > 0 } variant && !string.IsNullOrWhiteSpace(variant) ? variant : null;

    /// <summary>The model folder: as given when it exists, else found by walking up from the binary (a source checkout).</summary>
    public static string ResolveModelDirectory(string? directory, IConfiguration configuration)
    {
        var wanted = directory ?? configuration[$"{ModelOptions.Section}:Directory"] ?? "models/tiny-reasoner";
        if (Directory.Exists(wanted) || Path.IsPathRooted(wanted))
        {
            return Path.GetFullPath(wanted);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, wanted);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new CliException($"model folder '{wanted}' does not exist (set --model or DATAFACTORY__MODEL__DIRECTORY).");
    }

    private static void Check(ValidateOptionsResult result)
    {
        if (result.Failed)
        {
            throw new CliException(result.FailureMessage);
        }
    }
}
