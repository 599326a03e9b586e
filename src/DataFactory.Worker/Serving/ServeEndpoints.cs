using System.Diagnostics;
using System.Text.Json;
using DataFactory.Inference.Generation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DataFactory.Worker.Serving;

/// <summary>The OpenAI-compatible routes: <c>/v1/models</c>, <c>/v1/completions</c>, <c>/v1/chat/completions</c>, behind the API key.</summary>
internal static class ServeEndpoints
{
    public static void Map(WebApplication app)
    {
        var keys = app.Services.GetRequiredService<ApiKeyCheck>();
        app.Use(async (context, next) =>
        {
            // Like vLLM's --api-key: every /v1 route needs the key; /metrics and /health stay open for probes and scrapes.
            if (context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal) && !keys.Allows(context.Request.Headers.Authorization))
            {
                await WriteErrorAsync(context, new ServeException(401, "authentication_error", "Incorrect API key provided."));
                return;
            }

            await next(context);
        });
        app.MapGet("/v1/models", ModelsAsync);
        app.MapPost("/v1/completions", context => CompleteAsync(context, chat: false));
        app.MapPost("/v1/chat/completions", context => CompleteAsync(context, chat: true));
        app.Map("/v1/{**rest}", context => WriteErrorAsync(context, new ServeException(404, "not_found_error", $"No route {context.Request.Method} {context.Request.Path}.")));
    }

    private static async Task ModelsAsync(HttpContext context)
    {
        var served = context.RequestServices.GetRequiredService<ServedEngine>();
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        json.WriteStartObject();
        json.WriteString("id", served.Name);
        json.WriteString("object", "model");
        json.WriteNumber("created", served.Created);
        json.WriteString("owned_by", "datafactory");
        json.WriteString("root", served.Root);
        json.WriteNull("parent");
        json.WriteNumber("max_model_len", served.ContextLength);
        json.WriteString("fingerprint", served.Fingerprint);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static async Task CompleteAsync(HttpContext context, bool chat)
    {
        var started = Stopwatch.GetTimestamp();
        var services = context.RequestServices;
        var metrics = services.GetRequiredService<ServeMetrics>();
        var endpoint = chat ? "chat/completions" : "completions";
        try
        {
            JsonDocument document;
            try
            {
                document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            }
            catch (JsonException exception)
            {
                throw ServeException.Invalid($"the body is not valid JSON: {exception.Message}");
            }

            ServeRequest request;
            using (document)
            {
                request = ServeRequestReader.Read(document.RootElement, chat, services.GetRequiredService<ServedEngine>(), services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServeOptions>>().Value);
            }

            CheckPromptLengths(services.GetRequiredService<ServedEngine>(), request);
            var batcher = services.GetRequiredService<EngineBatcher>();
            IReadOnlyList<ProblemGeneration>? results;
            if (request.Stream)
            {
                var pending = await batcher.StreamAsync(request.Sampling, request.Prompts, context.RequestAborted);
                results = await new ServeStream(services.GetRequiredService<ServedEngine>(), request).WriteAsync(context, pending);
            }
            else
            {
                results = await batcher.GenerateAsync(request.Sampling, request.Prompts, context.RequestAborted);
                await WriteAsync(context, request, results);
            }

            if (results is not null)
            {
                metrics.Generated(results.Sum(r => r.Candidates.Count), results.Sum(r => r.Candidates.Sum(c => (long)c.TokenCount)));
            }
        }
        catch (ServeException exception)
        {
            await WriteErrorAsync(context, exception);
        }
        catch (PromptTooLongException exception)
        {
            await WriteErrorAsync(context, ServeException.Invalid(exception.Message, chat ? "messages" : "prompt"));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads an answer.
            return;
        }
        finally
        {
            metrics.Answered(endpoint, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>A prompt that fills the context is refused here, before it joins an engine call that other clients' requests share.</summary>
    private static void CheckPromptLengths(ServedEngine served, ServeRequest request)
    {
        foreach (var prompt in request.Prompts)
        {
            var tokens = served.Engine.EncodePrompt(prompt).Count;
            if (tokens >= served.ContextLength)
            {
                throw ServeException.Invalid(
                    $"the prompt is {tokens} tokens; the model's context is {served.ContextLength}", request.Chat ? "messages" : "prompt");
            }
        }
    }

    private static async Task WriteAsync(HttpContext context, ServeRequest request, IReadOnlyList<ProblemGeneration> results)
    {
        var writer = new ServeResponseWriter(context.RequestServices.GetRequiredService<ServedEngine>());
        var id = (request.Chat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        writer.Write(json, request, results, id, created);
    }

    /// <summary>OpenAI's error shape, with vLLM's numeric <c>code</c>.</summary>
    public static async Task WriteErrorAsync(HttpContext context, ServeException error)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("message", error.Message);
        json.WriteString("type", error.Type);
        if (error.Param is null)
        {
            json.WriteNull("param");
        }
        else
        {
            json.WriteString("param", error.Param);
        }

        json.WriteNumber("code", error.Status);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
