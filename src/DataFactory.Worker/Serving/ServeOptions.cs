using System.ComponentModel.DataAnnotations;

namespace DataFactory.Worker.Serving;

/// <summary>
/// <c>datafactory serve</c>, bound from <c>DataFactory:Serve</c> (<c>DATAFACTORY__SERVE__...</c>); the model itself
/// comes from <c>DataFactory:Model</c> as for a worker.
/// </summary>
public sealed class ServeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DataFactory:Serve";

    /// <summary>Where the server listens, <c>;</c>-separated. Beyond loopback only with an <see cref="ApiKey"/>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Urls { get; set; } = "http://127.0.0.1:8000";

    /// <summary>The key clients send as <c>Authorization: Bearer KEY</c> to <c>/v1/*</c>. A secret: never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model's name in <c>/v1/models</c> and requests; empty takes the model folder's name.</summary>
    public string? ServedModelName { get; set; }

    /// <summary>How long the first request of a batch waits for others to join it (they then share the engine's forward passes).</summary>
    [Range(0, 10_000)]
    public int BatchWindowMilliseconds { get; set; } = 10;

    /// <summary>Most candidates one request may ask for (<c>n</c> times its prompts).</summary>
    [Range(1, 4096)]
    public int MaxCandidatesPerRequest { get; set; } = 256;

    /// <summary>The addresses, split.</summary>
    public IReadOnlyList<string> UrlList => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
