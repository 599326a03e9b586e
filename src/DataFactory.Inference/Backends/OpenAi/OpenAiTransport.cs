using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace DataFactory.Inference.Backends.OpenAi;

/// <summary>
/// Sends requests to the server: at most <see cref="OpenAiBackendOptions.MaxConcurrency"/> in flight, each try
/// bounded by <see cref="OpenAiBackendOptions.TimeoutSeconds"/>, retried with backoff and jitter on 429, 408, 5xx,
/// connection errors, timeouts and bodies that do not parse (a cut connection). Any other status fails at once
/// with the server's message. The API key goes in the Authorization header and nowhere else.
/// </summary>
internal sealed class OpenAiTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly OpenAiBackendOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly ILogger _logger;
    private readonly Random _random = new();
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public OpenAiTransport(OpenAiBackendOptions options, ILogger logger, HttpMessageHandler? handler = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        _options = options;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConcurrency);
        _delay = delay ?? Task.Delay;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = options.MaxConcurrency,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(30, options.TimeoutSeconds)),
        })
        {
            BaseAddress = options.ApiRoot(),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        }
    }

    /// <summary>Sends until an answer parses with <paramref name="read"/>, or the tries run out.</summary>
    /// <exception cref="GenerationBackendException">A status that no retry can mend, or the tries ran out (transient).</exception>
    public async Task<T> SendAsync<T>(string path, byte[]? body, Func<byte[], T> read, CancellationToken cancellationToken)
    {
        var attempts = _options.MaxAttempts;
        for (var attempt = 1; ; attempt++)
        {
            Outcome failure;
            await _slots.WaitAsync(cancellationToken);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
                failure = await TryAsync(path, body, read, timeout.Token, cancellationToken);
                if (failure.Value is { } value)
                {
                    return (T)value;
                }
            }
            finally
            {
                _slots.Release();
            }

            if (!failure.Transient)
            {
                throw new GenerationBackendException($"{Describe(path)} failed: {failure.Reason}", false, failure.Status, failure.Cause);
            }

            if (attempt >= attempts)
            {
                throw new GenerationBackendException(
                    $"{Describe(path)} failed {attempts} times; last: {failure.Reason}", true, failure.Status, failure.Cause);
            }

            var wait = RetryDelay.For(attempt, failure.RetryAfter, _options, _random);
            Log.Retrying(_logger, Describe(path), failure.Reason, attempt, attempts, wait.TotalSeconds);
            await _delay(wait, cancellationToken);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }

    private async Task<Outcome> TryAsync<T>(string path, byte[]? body, Func<byte[], T> read, CancellationToken tryToken, CancellationToken callerToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, tryToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(tryToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return new Outcome(read(bytes)!, false, string.Empty, status, null, null);
                }
                catch (JsonException exception)
                {
                    // A 200 whose body does not parse was most likely cut on the way: worth another try.
                    return new Outcome(null, true, $"HTTP {status} with a body that is not a complete answer ({exception.Message})", status, null, exception);
                }
            }

            var message = $"HTTP {status} {response.ReasonPhrase}: {OpenAiErrorReader.Message(bytes)}";
            var transient = status is 408 or 429 || status >= 500;
            return new Outcome(null, transient, message, status, RetryAfter(response), null);
        }
        catch (OperationCanceledException exception) when (!callerToken.IsCancellationRequested)
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            return new Outcome(null, true, $"no answer within {seconds:F0} s (DataFactory:Model:OpenAi:TimeoutSeconds {_options.TimeoutSeconds})", null, null, exception);
        }
        catch (HttpRequestException exception)
        {
            var what = exception.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : exception.HttpRequestError.ToString();
            return new Outcome(null, true, $"cannot reach {_options.ApiRoot()} ({what}: {exception.Message})", null, null, exception);
        }
        catch (IOException exception)
        {
            return new Outcome(null, true, $"the connection broke ({exception.Message})", null, null, exception);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } after)
        {
            return null;
        }

        if (after.Delta is { } delta)
        {
            return delta;
        }

        return after.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    private string Describe(string path) => $"{(path.StartsWith("models", StringComparison.Ordinal) ? "GET" : "POST")} {new Uri(_options.ApiRoot(), path)}";

    /// <summary>One try: the answer read (<see cref="Value"/>), or why not and whether another try may help.</summary>
    private readonly record struct Outcome(object? Value, bool Transient, string Reason, int? Status, TimeSpan? RetryAfter, Exception? Cause);
}
