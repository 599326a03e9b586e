using DataFactory.Inference.Runtime;
using DataFactory.Sandbox;
using Microsoft.Extensions.Options;

namespace DataFactory.Worker.Options;

/// <summary>
/// Checks settings at start so that a bad value fails the host with one clear line naming the
/// setting (never echoing a secret).
/// </summary>
public sealed class SettingsValidator :
    IValidateOptions<ModelOptions>, IValidateOptions<DatabaseOptions>, IValidateOptions<BrokerOptions>, IValidateOptions<SandboxOptions>, IValidateOptions<TelemetryOptions>
{
    /// <summary>Parses <c>auto</c>, <c>cpu</c> or <c>cuda</c>; null for anything else.</summary>
    public static ExecutionProvider? ParseProvider(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "auto" => ExecutionProvider.Auto,
        "cpu" => ExecutionProvider.Cpu,
        "cuda" or "gpu" => ExecutionProvider.Cuda,
        _ => null,
    };

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ParseProvider(options.Provider) is null)
        {
            return ValidateOptionsResult.Fail($"DataFactory:Model:Provider '{options.Provider}' is not a provider; use auto, cpu or cuda.");
        }

        if (options.IsOpenAi)
        {
            var errors = options.OpenAi.Validate().ToList();
            if (!string.IsNullOrWhiteSpace(options.Directory) && !Directory.Exists(options.Directory))
            {
                errors.Add($"DataFactory:Model:Directory '{options.Directory}' does not exist.");
            }

            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        if (!string.Equals(options.Backend?.Trim(), "onnx", StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail($"DataFactory:Model:Backend '{options.Backend}' is not a backend; use onnx or openai.");
        }

        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            return ValidateOptionsResult.Fail("DataFactory:Model:Directory is not set; point it at a model folder (e.g. models/tiny-reasoner).");
        }

        return Directory.Exists(options.Directory)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"DataFactory:Model:Directory '{options.Directory}' does not exist.");
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (StoreSettings.ParseProvider(options.Provider) is null)
        {
            return ValidateOptionsResult.Fail($"DataFactory:Database:Provider '{options.Provider}' is not a provider; use postgres or sqlite.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail("DataFactory:Database:ConnectionString is not set.");
        }

        return StoreSettings.TryCheckConnectionString(options, out var problem)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"DataFactory:Database:ConnectionString is not valid: {problem}");
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.IsInMemory)
        {
            return ValidateOptionsResult.Success;
        }

        if (!string.Equals(options.Transport, "rabbitmq", StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail($"DataFactory:Broker:Transport '{options.Transport}' is not a transport; use rabbitmq or in-memory.");
        }

        if (!(Uri.TryCreate(options.Host, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" or "rabbitmq" or "rabbitmqs"))
        {
            return ValidateOptionsResult.Fail("DataFactory:Broker:Host is not an amqp:// address (amqp://host:port/vhost).");
        }

        return string.IsNullOrWhiteSpace(options.ManagementUrl)
            || (Uri.TryCreate(options.ManagementUrl, UriKind.Absolute, out var management) && management.Scheme is "http" or "https" && string.IsNullOrEmpty(management.UserInfo))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("DataFactory:Broker:ManagementUrl is not an http:// address without credentials (http://host:15672/).");
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var url in options.UrlList)
        {
            if (!Uri.TryCreate(url.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                return ValidateOptionsResult.Fail($"DataFactory:Telemetry:Urls '{url}' is not an http://host:port address.");
            }
        }

        return options.UrlList.Count > 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("DataFactory:Telemetry:Urls is empty; give at least one http://host:port address.");
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
