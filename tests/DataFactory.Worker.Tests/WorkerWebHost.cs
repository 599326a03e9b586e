using DataFactory.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace DataFactory.Worker.Tests;

/// <summary>The worker as <c>datafactory worker</c> hosts it, with /metrics and /health on a free loopback port.</summary>
internal sealed class WorkerWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WorkerWebHost(WebApplication app)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<WorkerWebHost> StartAsync(TestFactory factory, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = factory.Settings(overrides);
        settings["DataFactory:Telemetry:Urls"] = "http://127.0.0.1:0";
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDataFactoryWorker();
        builder.AddDataFactoryWorkerEndpoints();
        var app = builder.Build();
        app.MapDataFactoryWorkerEndpoints();
        await app.StartAsync();
        return new WorkerWebHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
