using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using YamlDotNet.Serialization;

namespace DataFactory.IntegrationTests.Observability;

/// <summary>
/// A real Prometheus (Debian's package, installed by tests/services.sh) on a free loopback port, with
/// the repository's scrape configuration pointed at the test's worker and RabbitMQ. Stopped and its
/// data removed on dispose.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// Starts Prometheus with deploy/prometheus/prometheus.yml, scraping every second, each job's
    /// targets replaced: the workers by <paramref name="workers"/>, RabbitMQ by <paramref name="rabbitMq"/>.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyList<string> workers, string rabbitMq)
    {
        var binary = new[] { "/usr/bin/prometheus", "/usr/local/bin/prometheus" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("prometheus not found: tests/services.sh installs Debian's prometheus package.");
        var folder = Path.Combine(Path.GetTempPath(), "df-prometheus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, TestConfiguration(workers, rabbitMq));
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(folder, "data"),
            $"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            Assert.False(process.HasExited, "prometheus exited at start");
            try
            {
                using var ready = await server._http.GetAsync("-/ready");
                if (ready.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "prometheus did not become ready");
            await Task.Delay(250);
        }
    }

    /// <summary>The repository's configuration with loopback targets and a one-second scrape interval.</summary>
    public static string TestConfiguration(IReadOnlyList<string> workers, string rabbitMq)
    {
        var yaml = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "prometheus", "prometheus.yml")));
        var global = (Dictionary<object, object>)yaml["global"];
        global["scrape_interval"] = "1s";
        global["evaluation_interval"] = "1s";
        foreach (Dictionary<object, object> job in (List<object>)yaml["scrape_configs"])
        {
            job.Remove("dns_sd_configs");
            var targets = (string)job["job_name"] == "datafactory-worker" ? workers.ToList<object>() : [rabbitMq];
            job["static_configs"] = new List<object> { new Dictionary<object, object> { ["targets"] = targets } };
        }

        return new SerializerBuilder().Build().Serialize(yaml);
    }

    /// <summary>An instant query; returns the result vector (fails on a query error).</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        return await DataAsync(response, promql);
    }

    /// <summary>A range query with one point per <paramref name="step"/>; returns the result matrix.</summary>
    public async Task<JsonElement> QueryRangeAsync(string promql, DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        var url = string.Create(CultureInfo.InvariantCulture,
            $"api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={from.ToUnixTimeMilliseconds() / 1000.0}&end={to.ToUnixTimeMilliseconds() / 1000.0}&step={step.TotalSeconds}");
        using var response = await _http.GetAsync(url);
        return await DataAsync(response, promql);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<JsonElement> DataAsync(HttpResponseMessage response, string promql)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{promql}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("success", json.RootElement.GetProperty("status").GetString());
        return json.RootElement.GetProperty("data").GetProperty("result").Clone();
    }
}
