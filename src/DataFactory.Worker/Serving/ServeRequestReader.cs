using System.Text.Json;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Chat;
using DataFactory.Inference.Generation;

namespace DataFactory.Worker.Serving;

/// <summary>
/// Reads a <c>/v1/completions</c> or <c>/v1/chat/completions</c> body. Fields left out take the model's
/// <c>generation_config.json</c> defaults; fields the engine cannot honour (<c>min_p</c>, <c>top_logprobs</c>, token-id
/// prompts) are refused with a 400 naming them rather than ignored. Unknown fields are ignored, as vLLM does.
/// </summary>
internal static class ServeRequestReader
{
    public static ServeRequest Read(JsonElement body, bool chat, ServedEngine served, ServeOptions options)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ServeException.Invalid("the body is not a JSON object");
        }

        if (body.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String && model.GetString() != served.Name)
        {
            throw new ServeException(404, "not_found_error", $"The model `{model.GetString()}` does not exist; this server serves `{served.Name}`.", "model");
        }

        var seed = Int64(body, "seed") ?? Random.Shared.NextInt64(0, long.MaxValue);
        if (seed < 0)
        {
            throw ServeException.Invalid("seed must be ≥ 0", "seed");
        }

        var prompts = chat ? ChatPrompt(body, served, seed) : TextPrompts(body, seed);
        var n = (int)(Int64(body, "n") ?? 1);
        if (n < 1 || (long)n * prompts.Count > options.MaxCandidatesPerRequest)
        {
            throw ServeException.Invalid($"n × prompts must be in 1..{options.MaxCandidatesPerRequest} (DataFactory:Serve:MaxCandidatesPerRequest)", "n");
        }

        var maxTokens = Int64(body, "max_completion_tokens") ?? Int64(body, "max_tokens") ?? served.ContextLength;
        if (maxTokens < 1)
        {
            throw ServeException.Invalid("max_tokens must be ≥ 1", "max_tokens");
        }

        var defaults = served.Defaults;
        var temperature = Number(body, "temperature");
        if (temperature is < 0 or > 100)
        {
            throw ServeException.Invalid("temperature must be ≥ 0", "temperature");
        }

        var topP = Number(body, "top_p") ?? defaults.TopP;
        if (!(topP > 0 && topP <= 1))
        {
            throw ServeException.Invalid("top_p must be in (0, 1]", "top_p");
        }

        var topK = Int64(body, "top_k") ?? defaults.TopK;
        if (Number(body, "min_p") is > 0)
        {
            throw ServeException.Invalid("min_p is not supported by this server's sampler", "min_p");
        }

        if (Int64(body, "top_logprobs") is > 0 || (!chat && Int64(body, "logprobs") is > 1))
        {
            throw ServeException.Invalid("this server reports the sampled tokens' log-probabilities only, not alternatives", chat ? "top_logprobs" : "logprobs");
        }

        var logprobs = chat
            ? body.TryGetProperty("logprobs", out var l) && l.ValueKind == JsonValueKind.True
            : Int64(body, "logprobs") is not null;
        var stream = body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = body.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        var sampling = new SamplingOptions
        {
            Samples = n,
            Temperature = (float)(temperature ?? defaults.Temperature),
            Greedy = temperature is null ? defaults.Greedy : temperature == 0,
            TopP = (float)topP,
            TopK = topK < 0 ? 0 : (int)Math.Min(topK, int.MaxValue),
            MaxNewTokens = (int)Math.Min(maxTokens, served.ContextLength),
            Seed = 0,
            StopStrings = Stops(body),
        };
        return new ServeRequest(chat, prompts, sampling, seed, logprobs, stream, includeUsage);
    }

    private static List<GenerationRequest> TextPrompts(JsonElement body, long seed)
    {
        if (!body.TryGetProperty("prompt", out var prompt))
        {
            throw ServeException.Invalid("prompt is required", "prompt");
        }

        if (prompt.ValueKind == JsonValueKind.String)
        {
            return [EngineBatcher.Prompt(seed, prompt.GetString()!, useChatTemplate: false)];
        }

        if (prompt.ValueKind == JsonValueKind.Array && prompt.GetArrayLength() > 0 && prompt.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String))
        {
            // A list of prompts: prompt i's candidates draw from seed + i, so each prompt alone with that seed gives the same.
            return [.. prompt.EnumerateArray().Select((p, i) => EngineBatcher.Prompt(seed + i, p.GetString()!, useChatTemplate: false))];
        }

        throw ServeException.Invalid("prompt must be a string or a list of strings (token ids are not supported)", "prompt");
    }

    private static List<GenerationRequest> ChatPrompt(JsonElement body, ServedEngine served, long seed)
    {
        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw ServeException.Invalid("messages must be a non-empty list", "messages");
        }

        if (served.ChatTemplate is null)
        {
            throw ServeException.Invalid($"the model's chat template cannot be rendered by this server: {served.ChatTemplateProblem}", "messages");
        }

        var turns = messages.EnumerateArray().Select(Message).ToList();
        // One user message goes through the engine's own template path, token for token as the in-process pipeline prompts.
        return turns is [{ Role: "user" } only]
            ? [EngineBatcher.Prompt(seed, only.Content, useChatTemplate: true)]
            : [EngineBatcher.Prompt(seed, served.ChatTemplate.Render(turns, addGenerationPrompt: true), useChatTemplate: false)];
    }

    private static ChatMessage Message(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
        {
            throw ServeException.Invalid("each message needs a role", "messages");
        }

        var content = message.TryGetProperty("content", out var c) ? c : default;
        var text = content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => string.Concat(content.EnumerateArray()
                .Select(part => part.TryGetProperty("type", out var t) && t.GetString() == "text" && part.TryGetProperty("text", out var x)
                    ? x.GetString()
                    : throw ServeException.Invalid("only text content parts are supported", "messages"))),
            _ => throw ServeException.Invalid("each message needs text content", "messages"),
        };
        return new ChatMessage(role.GetString()!, text);
    }

    private static string[] Stops(JsonElement body)
    {
        if (!body.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return stop.ValueKind switch
        {
            JsonValueKind.String => [stop.GetString()!],
            JsonValueKind.Array when stop.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String) => [.. stop.EnumerateArray().Select(x => x.GetString()!)],
            _ => throw ServeException.Invalid("stop must be a string or a list of strings", "stop"),
        };
    }

    private static double? Number(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : throw ServeException.Invalid($"{name} must be a number", name);

    private static long? Int64(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n
        : value.ValueKind == JsonValueKind.True ? 1
        : throw ServeException.Invalid($"{name} must be an integer", name);
}
