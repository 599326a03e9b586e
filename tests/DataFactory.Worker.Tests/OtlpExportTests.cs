using System.Collections.Concurrent;
using System.Net;
using System.Text;
using DataFactory.Core.Sampling;

namespace DataFactory.Worker.Tests;

/// <summary>With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, spans and metrics reach an OTLP/HTTP receiver.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Pipeline_spans_and_metrics_are_sent_to_the_configured_OTLP_endpoint()
    {
        var port = LoopbackPort.Free();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        using var stop = new CancellationTokenSource();
        var receiving = ReceiveAsync(listener, received, stop.Token);

        using var factory = await TestFactory.CreateAsync();
        var builder = factory.Builder(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        using (var host = builder.Build())
        {
            await host.StartAsync();
            await factory.RunAsync(host.Services, "sums", TestFactory.MathProblems(2), new SamplingOptions { Samples = 2, MaxNewTokens = 4 });
            await host.StopAsync();
        }

        // Disposing the host flushed the exporters, and each export waited for its response, which is
        // sent after the body is kept: everything is in. The receiver stops on the token, not on
        // listener.Stop(): on Linux a GetContextAsync that begins while Stop runs is never completed.
        await stop.CancelAsync();
        await receiving.WaitAsync(TimeSpan.FromMinutes(1));
        var traces = Text(received.Where(r => r.Path == "/v1/traces"));
        foreach (var span in new[] { "datafactory.batch", "datafactory.load", "datafactory.generate", "datafactory.verify", "datafactory.write" })
        {
            Assert.Contains(span, traces, StringComparison.Ordinal);
        }

        Assert.Contains("DataFactory.Worker", traces, StringComparison.Ordinal);
        Assert.Contains("datafactory-worker", traces, StringComparison.Ordinal);
        Assert.Contains("datafactory.traces.verified", Text(received.Where(r => r.Path == "/v1/metrics")), StringComparison.Ordinal);
    }

    private static async Task ReceiveAsync(HttpListener listener, ConcurrentQueue<(string Path, byte[] Body)> received, CancellationToken stop)
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body, stop);
            received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            // An empty body is an empty ExportServiceResponse: everything accepted.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    // Protobuf keeps strings as UTF-8 bytes, so names are found in the raw bodies.
    private static string Text(IEnumerable<(string Path, byte[] Body)> requests) =>
        string.Concat(requests.Select(r => Encoding.UTF8.GetString(r.Body)));
}
