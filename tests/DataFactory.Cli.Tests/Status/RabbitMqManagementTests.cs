using System.Net.Http.Headers;
using System.Text;
using DataFactory.Cli.Status;
using DataFactory.Worker.Options;

namespace DataFactory.Cli.Tests.Status;

/// <summary>Queue depths from the real RabbitMQ management API that tests/services.sh starts.</summary>
public sealed class RabbitMqManagementTests
{
    private static string Amqp => Require("DATAFACTORY_TEST_RABBITMQ");

    private static string Management => Require("DATAFACTORY_TEST_RABBITMQ_MANAGEMENT");

    [Fact]
    public async Task Reads_ready_messages_of_the_work_queue_and_a_missing_error_queue()
    {
        var queue = "status-test-" + Guid.NewGuid().ToString("N")[..8];
        using var admin = Admin();
        var vhost = Uri.EscapeDataString(RabbitMqManagement.VirtualHost(new Uri(Amqp)));
        (await admin.PutAsync($"api/queues/{vhost}/{queue}", Json("""{"durable":false,"auto_delete":false}"""))).EnsureSuccessStatusCode();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                (await admin.PostAsync($"api/exchanges/{vhost}/amq.default/publish", Json($$"""{"properties":{},"routing_key":"{{queue}}","payload":"m{{i}}","payload_encoding":"string"}"""))).EnsureSuccessStatusCode();
            }

            using var management = new RabbitMqManagement(new BrokerOptions { Host = Amqp, ManagementUrl = Management, Queue = queue }, TimeSpan.FromSeconds(5));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            BrokerSnapshot snapshot;
            // The management API aggregates queue counts every few seconds.
            while ((snapshot = await management.ReadAsync(queue, CancellationToken.None)).Work?.Ready != 3)
            {
                Assert.Null(snapshot.Problem);
                Assert.True(DateTime.UtcNow < deadline, $"ready count never reached 3: {snapshot}");
                await Task.Delay(500);
            }

            Assert.True(snapshot.Work!.Exists);
            Assert.Equal(0, snapshot.Work.Consumers);
            Assert.False(snapshot.Errors!.Exists);
            Assert.Equal(queue + "_error", snapshot.Errors.Name);
        }
        finally
        {
            await admin.DeleteAsync($"api/queues/{vhost}/{queue}");
        }
    }

    [Fact]
    public async Task Wrong_credentials_are_reported_without_the_password()
    {
        const string password = "wrong-pw-5d1e";
        var amqp = new UriBuilder(new Uri(Amqp)) { UserName = "datafactory", Password = password }.Uri.ToString();
        using var management = new RabbitMqManagement(new BrokerOptions { Host = amqp, ManagementUrl = Management }, TimeSpan.FromSeconds(5));
        var snapshot = await management.ReadAsync("generate-traces", CancellationToken.None);
        Assert.Equal("management API answered 401 Unauthorized", snapshot.Problem);
        Assert.DoesNotContain(password, StatusView.Render([], null, snapshot), StringComparison.Ordinal);
    }

    [Fact]
    public void The_management_address_defaults_to_port_15672_of_the_broker_and_the_vhost_comes_from_the_path()
    {
        Assert.Equal(new Uri("http://rabbit.internal:15672/"), RabbitMqManagement.ManagementUri(new BrokerOptions(), new Uri("amqp://u:p@rabbit.internal:5672/")));
        Assert.Equal(new Uri("https://rabbit.internal:15672/"), RabbitMqManagement.ManagementUri(new BrokerOptions(), new Uri("amqps://rabbit.internal/")));
        Assert.Equal(new Uri("http://mgmt:8080/rabbit/"), RabbitMqManagement.ManagementUri(new BrokerOptions { ManagementUrl = "http://mgmt:8080/rabbit" }, new Uri("amqp://x/")));
        Assert.Equal("/", RabbitMqManagement.VirtualHost(new Uri("amqp://h:5672/")));
        Assert.Equal("/", RabbitMqManagement.VirtualHost(new Uri("amqp://h:5672/%2F")));
        Assert.Equal("factory", RabbitMqManagement.VirtualHost(new Uri("amqp://h:5672/factory")));
    }

    private static HttpClient Admin()
    {
        var http = new HttpClient { BaseAddress = new Uri(Management) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(new Uri(Amqp).UserInfo))));
        return http;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run the suite with 'bash tests/run.sh', which starts RabbitMQ on loopback.");
}
