using System.Buffers;
using System.Text.Json;
using DataFactory.Core.Sampling;

namespace DataFactory.Inference.Backends.OpenAi;

/// <summary>
/// The JSON body of one request. <c>top_k</c> and <c>min_p</c> are vLLM and SGLang extras (OpenAI itself
/// ignores or rejects them), so they are sent only when they constrain anything.
/// </summary>
internal static class OpenAiRequestBody
{
    // assistantPrefix: on /v1/chat/completions a partial assistant message sent last and continued (vLLM's
    // continue_final_message, without a new generation prompt); /v1/completions gets it appended to its prompt by the caller.
    public static byte[] Write(
        OpenAiEndpoint endpoint, string model, string prompt, int n, long? seed, SamplingOptions sampling, OpenAiBackendOptions options, string? assistantPrefix = null)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + (prompt.Length * 2));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            if (endpoint == OpenAiEndpoint.ChatCompletions)
            {
                json.WriteStartArray("messages");
                json.WriteStartObject();
                json.WriteString("role", "user");
                json.WriteString("content", prompt);
                json.WriteEndObject();
                if (assistantPrefix is not null)
                {
                    json.WriteStartObject();
                    json.WriteString("role", "assistant");
                    json.WriteString("content", assistantPrefix);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                if (assistantPrefix is not null)
                {
                    json.WriteBoolean("continue_final_message", true);
                    json.WriteBoolean("add_generation_prompt", false);
                }
            }
            else
            {
                json.WriteString("prompt", prompt);
            }

            json.WriteNumber("n", n);
            json.WriteNumber("max_tokens", sampling.MaxNewTokens);
            var greedy = sampling.Greedy || sampling.Temperature == 0;
            json.WriteNumber("temperature", greedy ? 0 : sampling.Temperature);
            json.WriteNumber("top_p", greedy ? 1 : sampling.TopP);
            if (!greedy && sampling.TopK > 0)
            {
                json.WriteNumber("top_k", sampling.TopK);
            }

            if (!greedy && options.MinP > 0)
            {
                json.WriteNumber("min_p", options.MinP);
            }

            if (seed is { } s)
            {
                json.WriteNumber("seed", s);
            }

            var stops = sampling.StopStrings.Where(stop => stop.Length > 0).ToArray();
            if (stops.Length > 0)
            {
                json.WriteStartArray("stop");
                foreach (var stop in stops)
                {
                    json.WriteStringValue(stop);
                }

                json.WriteEndArray();
            }

            if (options.LogProbs)
            {
                if (endpoint == OpenAiEndpoint.ChatCompletions)
                {
                    json.WriteBoolean("logprobs", true);
                }
                else
                {
                    json.WriteNumber("logprobs", 1);
                }
            }

            json.WriteBoolean("stream", false);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
