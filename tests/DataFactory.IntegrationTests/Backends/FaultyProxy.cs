using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DataFactory.IntegrationTests.Backends;

/// <summary>
/// A test double in front of <c>serve</c>: the first completion requests meet a fault in turn (a 500 with an
/// error body, a 503 with Retry-After, a 200 whose body is cut, a connection dropped without an answer, an
/// answer slower than the client waits); the rest, and every <c>/v1/models</c>, pass through.
/// </summary>
internal sealed class FaultyProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly string _target;
    private readonly int _faulty;
    private int _requests;

    private FaultyProxy(string target, int faulty)
    {
        _target = target.TrimEnd('/');
        _faulty = faulty;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public string BaseUrl => _app.Urls.Single() + "/v1";

    /// <summary>Faults injected so far, by kind.</summary>
    public Dictionary<string, int> Injected { get; } = [];

    public static async Task<FaultyProxy> StartAsync(string target, int faulty)
    {
        var proxy = new FaultyProxy(target, faulty);
        await proxy._app.StartAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        var index = path.EndsWith("/models", StringComparison.Ordinal) ? -1 : Interlocked.Increment(ref _requests) - 1;
        var fault = index < 0 || index >= _faulty ? null : (index % 6) switch
        {
            0 => "500",
            1 => "truncated",
            2 => "dropped",
            3 => "503",
            4 => index < 6 ? "slow" : null,
            _ => null,
        };
        if (fault is not null)
        {
            lock (Injected)
            {
                Injected[fault] = Injected.GetValueOrDefault(fault) + 1;
            }
        }

        switch (fault)
        {
            case "500":
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("""{"object":"error","message":"CUDA error: an illegal memory access was encountered","type":"InternalServerError","param":null,"code":500}""");
                return;
            case "503":
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsync("""{"error":{"message":"The server is overloaded","type":"ServiceUnavailableError","code":503}}""");
                return;
            case "dropped":
                context.Abort();
                return;
            case "slow":
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), _target + path[3..]);
        if (context.Request.ContentLength > 0 || context.Request.Method == "POST")
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            request.Content = new ByteArrayContent(buffer.ToArray());
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        if (context.Request.Headers.Authorization.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers.Authorization.ToString());
        }

        using var answer = await _upstream.SendAsync(request);
        var body = await answer.Content.ReadAsByteArrayAsync();
        context.Response.StatusCode = (int)answer.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(fault == "truncated" && answer.StatusCode == HttpStatusCode.OK ? body.AsMemory(0, body.Length / 2) : body);
    }
}
