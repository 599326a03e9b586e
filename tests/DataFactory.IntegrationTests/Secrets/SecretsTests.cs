using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace DataFactory.IntegrationTests.Secrets;

/// <summary>
/// Connection strings and broker credentials are read from the environment and never printed: not
/// by working commands at debug log level, not by the worker, and not in the errors of refused,
/// unreachable or malformed connections.
/// </summary>
public sealed class SecretsTests
{
    private readonly string _secret = "pw-" + Guid.NewGuid().ToString("N");
    private readonly StringBuilder _printed = new();

    [Fact]
    public async Task Passwords_never_appear_in_what_the_cli_and_the_worker_print()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        var user = "df-secret-" + Guid.NewGuid().ToString("N")[..8];
        await CreateBrokerUserAsync(user, _secret);
        var broker = new Uri(TestServices.RabbitMq);
        var withCredentials = new UriBuilder(broker) { UserName = user, Password = _secret }.Uri.ToString();
        var withoutCredentials = new UriBuilder(broker) { UserName = "", Password = "" }.Uri.ToString();

        // The loopback test server trusts every local login, so the database password is accepted
        // whatever it is: it only has to stay unprinted.
        var environment = new Dictionary<string, string>(factory.Variables)
        {
            ["DATAFACTORY__DATABASE__CONNECTIONSTRING"] = factory.ConnectionString + ";Password=" + _secret,
            ["DATAFACTORY__BROKER__HOST"] = withCredentials,
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__Microsoft"] = "Debug",
            ["Logging__LogLevel__MassTransit"] = "Debug",
        };

        await SucceedsAsync(environment, "import", Path.Combine(RepoPaths.Examples, "arithmetic.jsonl"), "--set", "arith");
        var runId = (await SucceedsAsync(environment, "run", "--set", "arith", "--limit", "2", "--samples", "2", "--max-tokens", "160")).Trim();
        await using (var worker = CliProcess.Start(environment, null, "worker"))
        {
            await factory.WaitForRunAsync(Guid.Parse(runId), TimeSpan.FromMinutes(5), worker);
            await worker.StopAsync();
            Print(worker);
        }

        await SucceedsAsync(environment, "status", "--run", runId);

        // The password as a setting of its own, beside an address without credentials.
        await SucceedsAsync(
            With(environment, ("DATAFACTORY__BROKER__HOST", withoutCredentials), ("DATAFACTORY__BROKER__USERNAME", user), ("DATAFACTORY__BROKER__PASSWORD", _secret)),
            "run", "--set", "arith", "--limit", "1", "--samples", "1");

        // Refused, missing, malformed and unreachable: each one clear line or a wait, never the secret.
        await FailsAsync(With(environment, ("DATAFACTORY__BROKER__HOST", new UriBuilder(broker) { UserName = "nobody", Password = _secret }.Uri.ToString())),
            "broker: login refused", "worker");
        await FailsAsync(With(environment, ("DATAFACTORY__DATABASE__CONNECTIONSTRING", $"Host=127.0.0.1;Port=1;Password={_secret};Timeout=3")),
            "error: database: ", "import", Path.Combine(RepoPaths.Examples, "arithmetic.jsonl"), "--set", "x");
        await FailsAsync(With(environment, ("DATAFACTORY__DATABASE__CONNECTIONSTRING", factory.ConnectionString.Replace("Database=", "Database=missing_", StringComparison.Ordinal) + ";Password=" + _secret)),
            "does not exist", "worker");
        await FailsAsync(With(environment, ("DATAFACTORY__DATABASE__CONNECTIONSTRING", $"Host=127.0.0.1;Password={_secret};Port=not-a-port")),
            "the value of 'port' is not valid", "status");
        await WaitsAsync(With(environment, ("DATAFACTORY__DATABASE__CONNECTIONSTRING", $"Host=127.0.0.1;Port=1;Password={_secret}")), "Waiting for the database");
        await WaitsAsync(With(environment, ("DATAFACTORY__BROKER__HOST", new UriBuilder(broker) { Port = 1, UserName = user, Password = _secret }.Uri.ToString())), "Waiting for the broker");

        Assert.DoesNotContain(_secret, _printed.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> With(Dictionary<string, string> environment, params (string Key, string Value)[] changes)
    {
        var changed = new Dictionary<string, string>(environment);
        foreach (var (key, value) in changes)
        {
            changed[key] = value;
        }

        return changed;
    }

    private static async Task CreateBrokerUserAsync(string user, string password)
    {
        var amqp = new Uri(TestServices.RabbitMq);
        var vhost = Uri.EscapeDataString(Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/')));
        using var http = new HttpClient { BaseAddress = new Uri(TestServices.RabbitMqManagement) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(amqp.UserInfo))));
        (await http.PutAsJsonAsync($"api/users/{user}", new { password, tags = "" })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"api/permissions/{vhost}/{user}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
    }

    private async Task<string> SucceedsAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        var (exit, output, error) = await CliProcess.RunAsync(environment, null, arguments);
        Print(output, error);
        Assert.True(exit == 0, $"datafactory {arguments[0]} exited {exit}: {error}");
        return output;
    }

    private async Task FailsAsync(Dictionary<string, string> environment, string expected, params string[] arguments)
    {
        var (exit, output, error) = await CliProcess.RunAsync(environment, null, arguments);
        Print(output, error);
        Assert.True(exit != 0, $"datafactory {arguments[0]} should have failed");
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    /// <summary>A worker whose service is unreachable waits, saying so, until it is stopped.</summary>
    private async Task WaitsAsync(Dictionary<string, string> environment, string expected)
    {
        await using var worker = CliProcess.Start(environment, null, "worker");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!(worker.Output + worker.Error).Contains(expected, StringComparison.Ordinal))
        {
            Assert.False(worker.HasExited, "the worker exited instead of waiting: " + worker.Error);
            Assert.True(DateTime.UtcNow < deadline, $"no '{expected}' line: {worker.Output}{worker.Error}");
            await Task.Delay(500);
        }

        await worker.StopAsync();
        Print(worker);
    }

    private void Print(CliProcess process) => Print(process.Output, process.Error);

    private void Print(string output, string error) => _printed.Append(output).Append(error);
}
