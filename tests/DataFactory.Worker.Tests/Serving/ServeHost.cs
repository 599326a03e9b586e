using DataFactory.Worker.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace DataFactory.Worker.Tests.Serving;

/// <summary><c>datafactory serve</c> as the command hosts it, on the bundled model and a free loopback port.</summary>
internal sealed class ServeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServeHost(WebApplication app)
    {
        _app = app;
        BaseUrl = new Uri(app.Urls.Single());
        Http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(120) };
    }

    public static string BundledModel => Path.Combine(TestFactory.Root, "models", "tiny-reasoner");

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public static WebApplication Build(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DataFactory:Model:Directory"] = BundledModel,
            ["DataFactory:Model:Provider"] = "cpu",
            ["DataFactory:Model:IntraOpThreads"] = "1",
            ["DataFactory:Serve:Urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDataFactoryServe();
        var app = builder.Build();
        app.MapDataFactoryServe();
        return app;
    }

    public static async Task<ServeHost> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var app = Build(overrides);
        app.CheckDataFactoryServe();
        await app.StartAsync();
        return new ServeHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
