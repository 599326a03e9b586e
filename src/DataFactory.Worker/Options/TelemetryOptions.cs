using System.ComponentModel.DataAnnotations;

namespace DataFactory.Worker.Options;

/// <summary>
/// Where a worker serves <c>/metrics</c> (Prometheus) and <c>/health</c>, bound from
/// <c>DataFactory:Telemetry</c> (<c>DATAFACTORY__TELEMETRY__...</c>). Traces and metrics also go
/// to an OpenTelemetry collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DataFactory:Telemetry";

    /// <summary>
    /// HTTP addresses to listen on, separated by <c>;</c>. The default, port 0, takes a free port (logged
    /// at start) so that several workers run side by side; give each a fixed port for Prometheus to scrape.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string Urls { get; set; } = "http://0.0.0.0:0";

    /// <summary>The addresses, split.</summary>
    public IReadOnlyList<string> UrlList => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
