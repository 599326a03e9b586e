using System.Net;
using System.Text.Json;

namespace DataFactory.Worker.Tests;

/// <summary>/health, /health/live and /metrics of a running worker.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task A_ready_worker_reports_broker_database_and_model_healthy_and_serves_metrics()
    {
        using var factory = await TestFactory.CreateAsync();
        await using var worker = await WorkerWebHost.StartAsync(factory);

        using var health = await worker.Http.GetAsync("/health");
        var body = await health.Content.ReadAsStringAsync();
        Assert.True(health.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal(["broker", "database", "model"], checks.EnumerateObject().Select(c => c.Name));
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
        Assert.StartsWith("tiny-random-llama-fp16 (", checks.GetProperty("model").GetProperty("description").GetString(), StringComparison.Ordinal);

        using var live = await worker.Http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        var metrics = await worker.Http.GetStringAsync("/metrics");
        Assert.Contains("datafactory_engine_info{", metrics, StringComparison.Ordinal);
        Assert.Contains("model=\"tiny-random-llama-fp16\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_makes_the_worker_unready_without_showing_its_connection_string()
    {
        const string password = "pw-7f3a9c-never-shown";
        using var factory = await TestFactory.CreateAsync();
        await using var worker = await WorkerWebHost.StartAsync(factory, new Dictionary<string, string?>
        {
            ["DataFactory:Database:Provider"] = "postgres",
            ["DataFactory:Database:ConnectionString"] = $"Host=127.0.0.1;Port={LoopbackPort.Free()};Database=nowhere;Username=someone;Password={password};Timeout=3",
        });

        using var health = await worker.Http.GetAsync("/health");
        var body = await health.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("status").GetString());
        var database = json.RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.Equal("unreachable", database.GetProperty("description").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("model").GetProperty("status").GetString());
        Assert.DoesNotContain(password, body, StringComparison.Ordinal);
        Assert.DoesNotContain("someone", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Host=", body, StringComparison.OrdinalIgnoreCase);

        // Liveness does not depend on the database: the process is fine, only not ready.
        using var live = await worker.Http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
