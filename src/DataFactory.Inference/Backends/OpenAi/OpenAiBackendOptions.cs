namespace DataFactory.Inference.Backends.OpenAi;

/// <summary>
/// How a worker reaches an OpenAI-compatible server (vLLM, SGLang, <c>datafactory serve</c>), bound from
/// <c>DataFactory:Model:OpenAi</c> (<c>DATAFACTORY__MODEL__OPENAI__...</c>).
/// </summary>
public sealed class OpenAiBackendOptions
{
    /// <summary>The server's base address, with or without <c>/v1</c> (<c>http://gpu-host:8000/v1</c>).</summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>Sent as a bearer token when set (vLLM's and <c>serve</c>'s <c>--api-key</c>). A secret: never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// <c>completions</c> (<c>/v1/completions</c>, the prompt rendered with the model folder's chat template when
    /// there is one) or <c>chat</c> (<c>/v1/chat/completions</c>, the server applies its template).
    /// </summary>
    public string Endpoint { get; set; } = "completions";

    /// <summary>The served model's name; empty takes the server's only model.</summary>
    public string? Model { get; set; }

    /// <summary>A pinned revision of the model (a commit or tag), part of the fingerprint so that runs of two revisions do not mix.</summary>
    public string? Revision { get; set; }

    /// <summary>One request per candidate (<c>n = 1</c>, each with its own seed) instead of one request with <c>n</c> (SGLang advises against <c>n &gt; 1</c>).</summary>
    public bool SplitN { get; set; }

    /// <summary>Requests in flight at once from this worker.</summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>Seconds one try of a request may take before it is abandoned and retried.</summary>
    public int TimeoutSeconds { get; set; } = 300;

    /// <summary>Tries of a request that meets 429, a 5xx, a connection error, a timeout or a truncated body.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First backoff in milliseconds; it doubles per try (with jitter) up to <see cref="RetryMaxMilliseconds"/>.</summary>
    public int RetryBaseMilliseconds { get; set; } = 500;

    /// <summary>Longest backoff in milliseconds (a server's Retry-After is honoured up to it).</summary>
    public int RetryMaxMilliseconds { get; set; } = 20_000;

    /// <summary>Minimum probability relative to the most likely token (vLLM and SGLang <c>min_p</c>); 0 leaves it out.</summary>
    public float MinP { get; set; }

    /// <summary>Ask for the sampled tokens' log-probabilities (their sum is kept per candidate, their count gives its tokens).</summary>
    public bool LogProbs { get; set; }

    /// <summary>The endpoint setting parsed; null when it is neither <c>completions</c> nor <c>chat</c>.</summary>
    public OpenAiEndpoint? ParsedEndpoint => Endpoint?.Trim().ToLowerInvariant() switch
    {
        "completions" or "/v1/completions" => OpenAiEndpoint.Completions,
        "chat" or "chat/completions" or "/v1/chat/completions" => OpenAiEndpoint.ChatCompletions,
        _ => null,
    };

    /// <summary>What is wrong with these settings, one line each naming the setting (never the key); empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        const string Prefix = "DataFactory:Model:OpenAi:";
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo))
        {
            // An address with credentials is not echoed: it holds a secret.
            var shown = uri is not null && !string.IsNullOrEmpty(uri.UserInfo) ? "(an address with credentials)" : $"'{BaseUrl}'";
            errors.Add($"{Prefix}BaseUrl {shown} is not an http(s):// address without credentials (http://host:8000/v1).");
        }

        if (ParsedEndpoint is null)
        {
            errors.Add($"{Prefix}Endpoint '{Endpoint}' is not an endpoint; use completions or chat.");
        }

        if (MaxConcurrency is < 1 or > 4096)
        {
            errors.Add($"{Prefix}MaxConcurrency must be in 1..4096, not {MaxConcurrency}.");
        }

        if (TimeoutSeconds is < 1 or > 86_400)
        {
            errors.Add($"{Prefix}TimeoutSeconds must be in 1..86400, not {TimeoutSeconds}.");
        }

        if (MaxAttempts is < 1 or > 100)
        {
            errors.Add($"{Prefix}MaxAttempts must be in 1..100, not {MaxAttempts}.");
        }

        if (RetryBaseMilliseconds < 0 || RetryMaxMilliseconds < RetryBaseMilliseconds)
        {
            errors.Add($"{Prefix}RetryBaseMilliseconds must be ≥ 0 and at most RetryMaxMilliseconds.");
        }

        if (float.IsNaN(MinP) || MinP is < 0 or > 1)
        {
            errors.Add($"{Prefix}MinP must be in [0, 1], not {MinP}.");
        }

        return errors;
    }

    /// <summary>The base address ending in <c>/v1/</c>, for relative paths.</summary>
    public Uri ApiRoot()
    {
        var text = BaseUrl.TrimEnd('/');
        if (!text.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            text += "/v1";
        }

        return new Uri(text + "/");
    }
}
