using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MassTransit;
using Npgsql;

namespace DataFactory.IntegrationTests;

/// <summary>
/// One test's factory: its own PostgreSQL database and its own queue on the test RabbitMQ vhost, and
/// the environment that points the <c>datafactory</c> processes at them and at the bundled model.
/// </summary>
internal sealed class FactoryEnvironment : IAsyncDisposable
{
    private readonly string _database;
    private readonly ServiceEndpoints _services;

    private FactoryEnvironment(ServiceEndpoints services, string database, string connectionString, string queue)
    {
        _services = services;
        _database = database;
        ConnectionString = connectionString;
        Queue = queue;
        ModelQueue = Worker.Routing.ModelQueue.For(queue, Worker.Pipeline.ModelFingerprint.Compute(RepoPaths.Model, null));
        Variables = new Dictionary<string, string>
        {
            ["DATAFACTORY__DATABASE__PROVIDER"] = "postgres",
            ["DATAFACTORY__DATABASE__CONNECTIONSTRING"] = connectionString,
            ["DATAFACTORY__BROKER__TRANSPORT"] = "rabbitmq",
            ["DATAFACTORY__BROKER__HOST"] = services.RabbitMq,
            ["DATAFACTORY__BROKER__QUEUE"] = queue,
            ["DATAFACTORY__MODEL__DIRECTORY"] = RepoPaths.Model,
            ["DATAFACTORY__MODEL__PROVIDER"] = "cpu",
            ["DATAFACTORY__MODEL__INTRAOPTHREADS"] = "1",
            ["DATAFACTORY__WORKER__MESSAGESPERBATCH"] = "4",
            ["DATAFACTORY__WORKER__BATCHTIMELIMITMILLISECONDS"] = "100",
            ["DATAFACTORY__WORKER__RETRYMINMILLISECONDS"] = "50",
            ["DATAFACTORY__WORKER__RETRYMAXMILLISECONDS"] = "500",
            ["DATAFACTORY__WORKER__RETRYLIMIT"] = "2",
            ["DATAFACTORY__WORKER__SHUTDOWNTIMEOUTSECONDS"] = "20",
            ["Logging__LogLevel__Default"] = "Information",
        };
    }

    public string ConnectionString { get; }

    /// <summary>The base queue (<c>DataFactory:Broker:Queue</c>): messages for any worker.</summary>
    public string Queue { get; }

    /// <summary>The queue of the bundled model, where <c>datafactory run</c> sends its messages.</summary>
    public string ModelQueue { get; }

    public Dictionary<string, string> Variables { get; }

    public static Task<FactoryEnvironment> CreateAsync() => CreateAsync(TestServices.Shared);

    /// <summary>A factory on the given services: a new database, migrated, and a new queue.</summary>
    public static async Task<FactoryEnvironment> CreateAsync(ServiceEndpoints services)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var database = "df_it_" + suffix;
        var connection = await TestServices.CreateDatabaseAsync(services.PostgresAdmin, database);
        var environment = new FactoryEnvironment(services, database, connection, "generate-traces-" + suffix);
        await environment.CliAsync("migrate");
        return environment;
    }

    /// <summary>Runs a command that must succeed; returns its standard output.</summary>
    public async Task<string> CliAsync(params string[] arguments)
    {
        var (exit, output, error) = await CliProcess.RunAsync(Variables, null, arguments);
        Assert.True(exit == 0, $"datafactory {string.Join(' ', arguments)} exited {exit}: {error}");
        return output;
    }

    public CliProcess StartWorker() => CliProcess.Start(Variables, null, "worker");

    public async Task<RunCounts> WaitForRunAsync(Guid runId, TimeSpan timeout, params CliProcess[] workers)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var counts = await RunCountsAsync(runId);
            if (counts.Done + counts.Failed >= counts.Total)
            {
                return counts;
            }

            var dead = workers.FirstOrDefault(w => w.HasExited);
            Assert.True(dead is null, "a worker exited early: " + dead?.Error);
            Assert.True(DateTime.UtcNow < deadline, $"run {runId} did not finish in {timeout}: {counts}; worker log: {workers.FirstOrDefault()?.Error}");
            await Task.Delay(500);
        }
    }

    public async Task<RunCounts> RunCountsAsync(Guid runId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT problems_total, problems_done, problems_failed, candidates, verified, traces, tokens FROM runs WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", runId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"run {runId} not found");
        return new RunCounts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
    }

    public async Task<long> ScalarAsync(string sql, Guid? runId = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (runId is { } id)
        {
            command.Parameters.AddWithValue("run", id);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Sends commands to a queue of the test vhost through MassTransit, as <c>datafactory run</c> does.</summary>
    public async Task SendAsync(string queue, params Worker.Contracts.GenerateTraces[] messages)
    {
        var amqp = new Uri(_services.RabbitMq);
        var credentials = Uri.UnescapeDataString(amqp.UserInfo).Split(':', 2);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri($"rabbitmq://{amqp.Host}:{amqp.Port}{amqp.AbsolutePath}"), h =>
        {
            h.Username(credentials[0]);
            h.Password(credentials[1]);
        }));
        await bus.StartAsync();
        try
        {
            var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{queue}"));
            foreach (var message in messages)
            {
                await endpoint.Send(message);
            }
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>Whether the test vhost has the queue (a worker declares the queues it consumes as it starts).</summary>
    public async Task<bool> QueueExistsAsync(string queue)
    {
        using var http = ManagementClient(out var vhost);
        using var response = await http.GetAsync($"api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}");
        return response.IsSuccessStatusCode;
    }

    /// <summary>Messages ready in a queue of the test vhost, from the RabbitMQ management API.</summary>
    public async Task<long> QueueDepthAsync(string queue)
    {
        using var http = ManagementClient(out var vhost);
        for (var attempt = 0; ; attempt++)
        {
            using var response = await http.GetAsync($"api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}");
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return 0;
            }

            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            // The management API aggregates counts every few seconds; wait until it has them.
            if (json.RootElement.TryGetProperty("messages", out var messages))
            {
                return messages.GetInt64();
            }

            Assert.True(attempt < 40, $"queue {queue} has no message count");
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await TestServices.DropDatabaseAsync(_services.PostgresAdmin, _database);
        // The queues too (the base queue, every model's, and their error queues), so that later tests
        // (and queue panels) see only their own.
        using var http = ManagementClient(out var vhost);
        foreach (var queue in await QueuesAsync(http, vhost))
        {
            using var response = await http.DeleteAsync($"api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}");
        }
    }

    /// <summary>The queues of this factory on the test vhost: the base queue and those named after it.</summary>
    private async Task<List<string>> QueuesAsync(HttpClient http, string vhost)
    {
        using var response = await http.GetAsync($"api/queues/{Uri.EscapeDataString(vhost)}?page=1&page_size=500&use_regex=true&name={Uri.EscapeDataString("^" + System.Text.RegularExpressions.Regex.Escape(Queue))}");
        var queues = new List<string> { Queue, Queue + "_error", ModelQueue, ModelQueue + "_error" };
        if (response.IsSuccessStatusCode)
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            queues.AddRange(json.RootElement.GetProperty("items").EnumerateArray().Select(q => q.GetProperty("name").GetString()!));
        }

        return [.. queues.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>An HTTP client for the RabbitMQ management API of the test vhost.</summary>
    public HttpClient ManagementClient(out string vhost)
    {
        var amqp = new Uri(_services.RabbitMq);
        vhost = Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/'));
        var http = new HttpClient { BaseAddress = new Uri(_services.RabbitMqManagement) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(amqp.UserInfo))));
        return http;
    }
}
