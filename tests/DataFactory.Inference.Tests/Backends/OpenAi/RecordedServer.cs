using System.Net;
using System.Text;

namespace DataFactory.Inference.Tests.Backends.OpenAi;

/// <summary>A test double for an OpenAI-compatible server: answers each request with the next recorded response and keeps what it was sent.</summary>
internal sealed class RecordedServer : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly Queue<Func<HttpRequestMessage, string, HttpResponseMessage>> _answers = new();

    public List<(string Method, string Path, string? Authorization, string Body)> Requests { get; } = [];

    /// <summary>When set, answers every request past the queue (used for per-candidate requests).</summary>
    public Func<HttpRequestMessage, string, HttpResponseMessage>? Fallback { get; set; }

    public RecordedServer Answer(HttpStatusCode status, string body, Action<HttpResponseMessage>? tweak = null)
    {
        _answers.Enqueue((_, _) =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            tweak?.Invoke(response);
            return response;
        });
        return this;
    }

    public RecordedServer Refuse()
    {
        _answers.Enqueue((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)"));
        return this;
    }

    public RecordedServer Models(string body = RecordedBodies.VllmModels) => Answer(HttpStatusCode.OK, body);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Func<HttpRequestMessage, string, HttpResponseMessage> answer;
        lock (_gate)
        {
            Requests.Add((request.Method.Method, request.RequestUri!.AbsolutePath, request.Headers.Authorization?.ToString(), body));
            answer = _answers.Count > 0 ? _answers.Dequeue() : Fallback ?? throw new InvalidOperationException($"no recorded answer left for {request.RequestUri}");
        }

        return answer(request, body);
    }
}
