using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataFactory.Worker.Options;
using DataFactory.Worker.Routing;

namespace DataFactory.Cli.Status;

/// <summary>
/// Reads queue depths from the RabbitMQ management API (the broker's HTTP side; the AMQP protocol
/// only reports a queue's ready count). Credentials come from the broker address or
/// <see cref="BrokerOptions.Username"/>/<see cref="BrokerOptions.Password"/>; they are sent as Basic
/// authentication and never appear in an error.
/// </summary>
internal sealed class RabbitMqManagement : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _vhost;

    public RabbitMqManagement(BrokerOptions broker, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var amqp = new Uri(broker.Host);
        _vhost = VirtualHost(amqp);
        _http = new HttpClient { BaseAddress = ManagementUri(broker, amqp), Timeout = timeout };
        var (user, password) = Credentials(broker, amqp);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    /// <summary>The management API's address: <see cref="BrokerOptions.ManagementUrl"/>, else port 15672 of the broker's host.</summary>
    public static Uri ManagementUri(BrokerOptions broker, Uri amqp)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(amqp);
        var configured = string.IsNullOrWhiteSpace(broker.ManagementUrl)
            ? new UriBuilder(amqp.Scheme is "amqps" or "rabbitmqs" ? "https" : "http", amqp.Host, 15672).Uri
            : new Uri(broker.ManagementUrl);
        var text = configured.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>The virtual host of an AMQP address: its path without the leading slash, or <c>/</c>.</summary>
    public static string VirtualHost(Uri amqp)
    {
        ArgumentNullException.ThrowIfNull(amqp);
        var path = Uri.UnescapeDataString(amqp.AbsolutePath);
        return path is "" or "/" ? "/" : path[1..];
    }

    /// <summary>The base work queue and its <c>_error</c> queue, and every model's queue (<see cref="ModelQueue"/>) with its own.</summary>
    public async Task<BrokerSnapshot> ReadAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            var work = await QueueAsync(queue, cancellationToken);
            var errors = await QueueAsync(ModelQueue.ErrorQueue(queue), cancellationToken);
            return new BrokerSnapshot(work, errors, null) { Models = await ModelQueuesAsync(queue, cancellationToken) };
        }
        catch (HttpRequestException e)
        {
            // The message names the host and port at most; the status code says more when there is one.
            return BrokerSnapshot.Unavailable(e.StatusCode is { } code ? $"management API answered {(int)code} {code}" : "management API unreachable: " + e.HttpRequestError);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return BrokerSnapshot.Unavailable("management API timed out");
        }
        catch (JsonException)
        {
            return BrokerSnapshot.Unavailable("management API answered something that is not a queue");
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The queues named <c>&lt;queue&gt;.&lt;16 hex digits&gt;</c> and their error queues, in one filtered listing.</summary>
    private async Task<IReadOnlyList<(QueueDepth Work, QueueDepth Errors)>> ModelQueuesAsync(string queue, CancellationToken cancellationToken)
    {
        var pattern = $"^{Regex.Escape(queue)}\\.[0-9a-f]{{{ModelQueue.FingerprintDigits}}}(_error)?$";
        var path = $"api/queues/{Uri.EscapeDataString(_vhost)}?page=1&page_size=500&use_regex=true&name={Uri.EscapeDataString(pattern)}";
        using var response = await _http.GetAsync(path, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var queues = new Dictionary<string, QueueDepth>(StringComparer.Ordinal);
        if (json.RootElement.TryGetProperty("items", out var items))
        {
            foreach (var item in items.EnumerateArray())
            {
                var name = item.GetProperty("name").GetString() ?? string.Empty;
                queues[name] = Parse(name, item);
            }
        }

        return [.. queues.Keys
            .Where(name => !name.EndsWith("_error", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => (queues[name], queues.GetValueOrDefault(ModelQueue.ErrorQueue(name)) ?? QueueDepth.Missing(ModelQueue.ErrorQueue(name))))];
    }

    private async Task<QueueDepth> QueueAsync(string queue, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/queues/{Uri.EscapeDataString(_vhost)}/{Uri.EscapeDataString(queue)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return QueueDepth.Missing(queue);
        }

        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return Parse(queue, json.RootElement);
    }

    private static QueueDepth Parse(string queue, JsonElement root) =>
        new(
            queue,
            true,
            Long(root, "messages_ready"),
            Long(root, "messages_unacknowledged"),
            Long(root, "consumers"),
            Rate(root, "ack_details"),
            Rate(root, "redeliver_details"));

    private static (string User, string Password) Credentials(BrokerOptions broker, Uri amqp)
    {
        var info = amqp.UserInfo.Split(':', 2);
        var user = !string.IsNullOrEmpty(broker.Username) ? broker.Username : info[0] is { Length: > 0 } u ? Uri.UnescapeDataString(u) : "guest";
        var password = !string.IsNullOrEmpty(broker.Password) ? broker.Password : info.Length == 2 ? Uri.UnescapeDataString(info[1]) : "guest";
        return (user, password);
    }

    private static long? Long(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    private static double? Rate(JsonElement root, string details) =>
        root.TryGetProperty("message_stats", out var stats)
        && stats.TryGetProperty(details, out var detail)
        && detail.TryGetProperty("rate", out var rate)
        && rate.ValueKind == JsonValueKind.Number
            ? rate.GetDouble()
            : null;
}
