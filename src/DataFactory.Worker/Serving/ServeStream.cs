using System.Threading.Channels;
using DataFactory.Inference.Generation;
using Microsoft.AspNetCore.Http;

namespace DataFactory.Worker.Serving;

/// <summary>
/// Streams a request's choices as server-sent events while the engine decodes them: a chunk whenever a token
/// releases text (held back while it could still be the start of a stop string), each choice's last chunk with its
/// finish reason as soon as it finishes, a usage chunk on request, then <c>[DONE]</c>. Choice <c>i·n + j</c> is
/// candidate j of prompt i, as in a whole answer; chunks of different choices interleave.
/// </summary>
internal sealed class ServeStream(ServedEngine served, ServeRequest request)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    private readonly ServeResponseWriter _writer = new(served);
    private readonly Dictionary<int, StreamedChoice> _choices = [];
    private readonly string _id = (request.Chat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N");
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Writes the stream; returns the request's results (for metrics) once the engine call is over.</summary>
    /// <exception cref="ServeException">The request failed before anything was sent (the caller answers with an error status).</exception>
    public async Task<IReadOnlyList<ProblemGeneration>?> WriteAsync(HttpContext context, PendingGeneration pending)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pending);
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        try
        {
            await foreach (var e in pending.Events!.Reader.ReadAllAsync(cancellationToken))
            {
                if (!response.HasStarted)
                {
                    response.ContentType = "text/event-stream";
                    response.Headers.CacheControl = "no-cache";
                }

                await OnEventAsync(response.Body, e, cancellationToken);
            }

            var results = await pending.Done.Task.WaitAsync(cancellationToken);
            if (request.IncludeUsage)
            {
                await SendAsync(response.Body, _writer.UsageChunk(request, results, _id, _created), cancellationToken);
            }

            await response.Body.WriteAsync(Done, cancellationToken);
            return results;
        }
        catch (Exception exception) when (exception is not OperationCanceledException && response.HasStarted)
        {
            // Headers went out with 200: the error goes in the stream, in OpenAI's shape, as vLLM sends it.
            var error = exception as ServeException ?? (exception is ChannelClosedException { InnerException: ServeException inner }
                ? inner
                : new ServeException(500, "internal_server_error", $"generation failed: {(exception as ChannelClosedException)?.InnerException?.Message ?? exception.Message}"));
            await SendAsync(response.Body, ServeResponseWriter.ErrorChunk(error), cancellationToken);
            await response.Body.WriteAsync(Done, cancellationToken);
            return null;
        }
        catch (ChannelClosedException exception) when (exception.InnerException is not null)
        {
            // Nothing was sent yet: the caller answers with the error itself.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
            throw;
        }
    }

    private async Task OnEventAsync(Stream body, StreamEvent e, CancellationToken cancellationToken)
    {
        var index = (e.Prompt * request.Sampling.Samples) + e.Candidate;
        if (!_choices.TryGetValue(index, out var choice))
        {
            choice = new StreamedChoice(served.Engine.Tokenizer.CreateIncrementalDecoder(), request.Sampling.StopStrings);
            _choices.Add(index, choice);
        }

        string text;
        if (e.Finished is { } finished)
        {
            text = choice.Rest(finished.Text);
        }
        else
        {
            text = choice.Token(e.TokenId, e.LogProbability);
            if (text.Length == 0 && choice.Started)
            {
                return;
            }
        }

        var first = !choice.Started;
        choice.Started = true;
        await SendAsync(body, _writer.DeltaChunk(request, _id, _created, index, first, text, choice.TakeTokens(), e.Finished), cancellationToken);
    }

    private static async Task SendAsync(Stream body, byte[] chunk, CancellationToken cancellationToken)
    {
        await body.WriteAsync(DataPrefix, cancellationToken);
        await body.WriteAsync(chunk, cancellationToken);
        await body.WriteAsync(EventEnd, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }
}
