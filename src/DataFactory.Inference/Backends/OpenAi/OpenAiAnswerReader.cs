using System.Text.Json;
using DataFactory.Inference.Generation;

namespace DataFactory.Inference.Backends.OpenAi;

/// <summary>
/// Reads a completion answer of vLLM, SGLang, OpenAI or <c>serve</c>. A chat answer's reasoning
/// (<c>reasoning_content</c> from vLLM's and SGLang's reasoning parsers, <c>reasoning</c> in newer vLLM) is kept
/// before the content in a <c>&lt;think&gt;</c> block, as the model wrote it. <c>finish_reason</c> <c>stop</c>
/// with a matched stop string (vLLM <c>stop_reason</c>, SGLang <c>matched_stop</c>) is a stop; without one it is
/// the end of sequence.
/// </summary>
internal static class OpenAiAnswerReader
{
    /// <exception cref="JsonException">The body is not a completion answer (truncated, or another shape).</exception>
    public static OpenAiAnswer Read(ReadOnlySpan<byte> body, OpenAiEndpoint endpoint)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("the answer has no \"choices\" array");
        }

        var read = new List<OpenAiChoice>(choices.GetArrayLength());
        var position = 0;
        foreach (var choice in choices.EnumerateArray())
        {
            var index = choice.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : position;
            var text = endpoint == OpenAiEndpoint.ChatCompletions ? ChatText(choice) : String(choice, "text") ?? throw new JsonException($"choice {index} has no \"text\"");
            var (tokens, sum) = LogProbs(choice, endpoint);
            read.Add(new OpenAiChoice(index, text, Reason(choice), tokens, sum));
            position++;
        }

        int? promptTokens = null, completionTokens = null;
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            promptTokens = Int(usage, "prompt_tokens");
            completionTokens = Int(usage, "completion_tokens");
        }

        return new OpenAiAnswer(String(root, "model"), [.. read.OrderBy(c => c.Index)], promptTokens, completionTokens);
    }

    private static string ChatText(JsonElement choice)
    {
        if (!choice.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("a chat choice has no \"message\"");
        }

        var content = String(message, "content") ?? string.Empty;
        var reasoning = String(message, "reasoning_content") ?? String(message, "reasoning");
        return string.IsNullOrEmpty(reasoning) ? content : $"<think>\n{reasoning.Trim('\n')}\n</think>\n\n{content}";
    }

    private static FinishReason Reason(JsonElement choice)
    {
        var finish = String(choice, "finish_reason");
        if (finish is "length")
        {
            return FinishReason.Length;
        }

        // vLLM: stop_reason is the stop string (or a stop token id) that matched, null at EOS; SGLang: matched_stop.
        foreach (var name in (string[])["stop_reason", "matched_stop"])
        {
            if (choice.TryGetProperty(name, out var matched) && matched.ValueKind == JsonValueKind.String)
            {
                return FinishReason.Stop;
            }
        }

        return FinishReason.Eos;
    }

    private static (int? Tokens, double? Sum) LogProbs(JsonElement choice, OpenAiEndpoint endpoint)
    {
        if (!choice.TryGetProperty("logprobs", out var logprobs) || logprobs.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        // datafactory serve also states the sum (sum_logprob), which is then taken as it is.
        double? stated = logprobs.TryGetProperty("sum_logprob", out var total) && total.ValueKind == JsonValueKind.Number ? total.GetDouble() : null;

        // Completions: {"tokens": [...], "token_logprobs": [...]}; chat: {"content": [{"token", "logprob"}, ...]}.
        var list = endpoint == OpenAiEndpoint.ChatCompletions ? "content" : "token_logprobs";
        if (!logprobs.TryGetProperty(list, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return (null, stated);
        }

        var count = 0;
        var sum = 0.0;
        foreach (var item in items.EnumerateArray())
        {
            count++;
            var value = endpoint == OpenAiEndpoint.ChatCompletions
                ? item.TryGetProperty("logprob", out var l) ? l : default
                : item;
            if (value.ValueKind == JsonValueKind.Number)
            {
                sum += value.GetDouble();
            }
        }

        return (count, stated ?? sum);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
