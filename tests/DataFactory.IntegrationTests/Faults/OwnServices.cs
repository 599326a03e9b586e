using System.Diagnostics;

namespace DataFactory.IntegrationTests.Faults;

/// <summary>
/// A PostgreSQL server and a RabbitMQ node of the fault run's own, started by tests/services.sh in a
/// state folder of their own (so restarting them never disturbs the suite's shared services).
/// </summary>
internal sealed class OwnServices : IAsyncDisposable
{
    private readonly string _state;

    private OwnServices(string state, ServiceEndpoints endpoints)
    {
        _state = state;
        Endpoints = endpoints;
    }

    public ServiceEndpoints Endpoints { get; }

    public static async Task<OwnServices> StartAsync()
    {
        var state = Path.Combine(Path.GetTempPath(), "df-fault-services-" + Guid.NewGuid().ToString("N")[..8]);
        var services = new OwnServices(state, new ServiceEndpoints("", "", ""));
        await services.ScriptAsync("start");
        var variables = (await File.ReadAllLinesAsync(Path.Combine(state, "env")))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('\''));
        return new OwnServices(state, new ServiceEndpoints(
            variables["DATAFACTORY_TEST_POSTGRES"], variables["DATAFACTORY_TEST_RABBITMQ"], variables["DATAFACTORY_TEST_RABBITMQ_MANAGEMENT"]));
    }

    public Task RestartPostgresAsync() => ScriptAsync("restart-postgres");

    public Task RestartRabbitMqAsync(bool wholeNode) => wholeNode ? ScriptAsync("restart-rabbitmq") : ScriptAsync("restart-rabbitmq", "--app");

    public async ValueTask DisposeAsync() => await ScriptAsync("stop");

    private async Task ScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "services.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DATAFACTORY_SERVICES_DIR"] = _state;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"tests/services.sh {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
    }
}
