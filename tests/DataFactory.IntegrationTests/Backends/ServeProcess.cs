namespace DataFactory.IntegrationTests.Backends;

/// <summary><c>datafactory serve</c> on the bundled model, as a process on a free loopback port, ready once <c>/health</c> answers.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly CliProcess _process;

    private ServeProcess(CliProcess process, int port)
    {
        _process = process;
        BaseUrl = $"http://127.0.0.1:{port}/v1";
    }

    public string BaseUrl { get; }

    public string Log => _process.Output + _process.Error;

    public static async Task<ServeProcess> StartAsync(FactoryEnvironment factory, params string[] extra)
    {
        var port = LoopbackPort.Free();
        var process = CliProcess.Start(factory.Variables, null, ["serve", "--model", RepoPaths.Model, "--urls", $"http://127.0.0.1:{port}", .. extra]);
        var serve = new ServeProcess(process, port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            Assert.False(process.HasExited, "serve exited: " + serve.Log);
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/health");
                if (response.IsSuccessStatusCode)
                {
                    return serve;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "serve did not become healthy: " + serve.Log);
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await _process.StopAsync();
        }

        await _process.DisposeAsync();
    }
}
