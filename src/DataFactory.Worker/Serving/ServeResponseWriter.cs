using System.Text.Json;
using DataFactory.Inference.Generation;

namespace DataFactory.Worker.Serving;

/// <summary>
/// Writes completion and chat answers in OpenAI's shapes, whole or as server-sent events. Choice <c>i·n + j</c> is
/// candidate j of prompt i. Log-probabilities are the sampled tokens' under the model at temperature 1: per token in
/// OpenAI's shapes (a completion's <c>tokens</c>, <c>token_logprobs</c>, <c>text_offset</c>; a chat answer's
/// <c>content[i]</c> with <c>token</c>, <c>logprob</c>, <c>bytes</c>), and their sum in <c>logprobs.sum_logprob</c>;
/// alternatives (<c>top_logprobs</c>) are not computed. A stream's chunks carry each choice's new text as the engine
/// decodes it (<see cref="ServeStream"/>).
/// </summary>
internal sealed class ServeResponseWriter(ServedEngine served)
{
    public void Write(Utf8JsonWriter json, ServeRequest request, IReadOnlyList<ProblemGeneration> results, string id, long created)
    {
        json.WriteStartObject();
        Header(json, request, id, created, chunk: false);
        json.WriteStartArray("choices");
        foreach (var (index, candidate) in Choices(results))
        {
            json.WriteStartObject();
            Choice(json, request, index, candidate, delta: false);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        Usage(json, results);
        json.WriteEndObject();
    }

    /// <summary>
    /// A stream's chunk for one choice: new text and the tokens it came from; with <paramref name="finished"/> the
    /// choice's last chunk, with its finish reason. A chat choice's first chunk also states the role.
    /// </summary>
    public byte[] DeltaChunk(
        ServeRequest request, string id, long created, int index, bool first, string text, IReadOnlyList<(int Token, float LogProbability)> tokens, GeneratedCandidate? finished) =>
        Chunk(json =>
        {
            Header(json, request, id, created, chunk: true);
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", index);
            if (request.Chat)
            {
                json.WriteStartObject("delta");
                if (first)
                {
                    json.WriteString("role", "assistant");
                }

                if (text.Length > 0 || first)
                {
                    json.WriteString("content", text);
                }

                json.WriteEndObject();
            }
            else
            {
                json.WriteString("text", text);
            }

            if (request.LogProbs && tokens.Count > 0)
            {
                LogProbs(json, request.Chat, [.. tokens.Select(t => t.Token)], [.. tokens.Select(t => t.LogProbability)], null);
            }
            else
            {
                json.WriteNull("logprobs");
            }

            if (finished is null)
            {
                json.WriteNull("finish_reason");
            }
            else
            {
                WriteFinish(json, request, finished);
            }

            json.WriteEndObject();
            json.WriteEndArray();
        });

    /// <summary>A stream's usage chunk (with <c>stream_options.include_usage</c>): no choices, the call's token counts.</summary>
    public byte[] UsageChunk(ServeRequest request, IReadOnlyList<ProblemGeneration> results, string id, long created) =>
        Chunk(json =>
        {
            Header(json, request, id, created, chunk: true);
            json.WriteStartArray("choices");
            json.WriteEndArray();
            Usage(json, results);
        });

    /// <summary>An error met after a stream began, in OpenAI's error shape, as vLLM sends it.</summary>
    public static byte[] ErrorChunk(ServeException error) =>
        Chunk(json =>
        {
            json.WriteStartObject("error");
            json.WriteString("message", error.Message);
            json.WriteString("type", error.Type);
            json.WriteNull("param");
            json.WriteNumber("code", error.Status);
            json.WriteEndObject();
        });

    private static byte[] Chunk(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static IEnumerable<(int Index, GeneratedCandidate Candidate)> Choices(IReadOnlyList<ProblemGeneration> results)
    {
        var index = 0;
        foreach (var result in results)
        {
            foreach (var candidate in result.Candidates)
            {
                yield return (index++, candidate);
            }
        }
    }

    private void Header(Utf8JsonWriter json, ServeRequest request, string id, long created, bool chunk)
    {
        json.WriteString("id", id);
        json.WriteString("object", request.Chat ? (chunk ? "chat.completion.chunk" : "chat.completion") : "text_completion");
        json.WriteNumber("created", created);
        json.WriteString("model", served.Name);
        json.WriteString("system_fingerprint", "datafactory-" + served.Fingerprint[..12]);
    }

    private void Choice(Utf8JsonWriter json, ServeRequest request, int index, GeneratedCandidate candidate, bool delta)
    {
        json.WriteNumber("index", index);
        if (request.Chat)
        {
            json.WriteStartObject(delta ? "delta" : "message");
            json.WriteString("role", "assistant");
            json.WriteString("content", candidate.Text);
            json.WriteEndObject();
        }
        else
        {
            json.WriteString("text", candidate.Text);
        }

        if (request.LogProbs)
        {
            LogProbs(json, request.Chat, candidate.TokenIds, candidate.TokenLogProbs, candidate.LogProbSum);
        }
        else
        {
            json.WriteNull("logprobs");
        }

        WriteFinish(json, request, candidate);
    }

    private void WriteFinish(Utf8JsonWriter json, ServeRequest request, GeneratedCandidate candidate)
    {
        json.WriteString("finish_reason", candidate.Reason == FinishReason.Length ? "length" : "stop");
        if (candidate.Reason == FinishReason.Stop && MatchedStop(request, candidate) is { } stop)
        {
            json.WriteString("stop_reason", stop);
        }
        else
        {
            json.WriteNull("stop_reason");
        }
    }

    private void LogProbs(Utf8JsonWriter json, bool chat, IReadOnlyList<int> ids, IReadOnlyList<float>? values, double? sum)
    {
        var tokenizer = served.Engine.Tokenizer;
        json.WriteStartObject("logprobs");
        if (chat)
        {
            // As OpenAI and vLLM: one entry per sampled token with its text, UTF-8 bytes and log-probability.
            json.WriteStartArray("content");
            for (var i = 0; i < ids.Count; i++)
            {
                var token = tokenizer.Decode([ids[i]], skipSpecialTokens: false);
                json.WriteStartObject();
                json.WriteString("token", token);
                WriteValue(json, "logprob", values, i);
                json.WriteStartArray("bytes");
                foreach (var b in System.Text.Encoding.UTF8.GetBytes(token))
                {
                    json.WriteNumberValue(b);
                }

                json.WriteEndArray();
                json.WriteStartArray("top_logprobs");
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }
        else
        {
            var tokens = ids.Select(id => tokenizer.Decode([id], skipSpecialTokens: false)).ToArray();
            json.WriteStartArray("tokens");
            foreach (var token in tokens)
            {
                json.WriteStringValue(token);
            }

            json.WriteEndArray();
            json.WriteStartArray("token_logprobs");
            for (var i = 0; i < tokens.Length; i++)
            {
                WriteValue(json, null, values, i);
            }

            json.WriteEndArray();
            json.WriteNull("top_logprobs");
            json.WriteStartArray("text_offset");
            var offset = 0;
            foreach (var token in tokens)
            {
                json.WriteNumberValue(offset);
                offset += token.Length;
            }

            json.WriteEndArray();
        }

        if (sum is { } total)
        {
            json.WriteNumber("sum_logprob", total);
        }

        json.WriteEndObject();
    }

    /// <summary>A token's log-probability, or null when the backend gave none.</summary>
    private static void WriteValue(Utf8JsonWriter json, string? name, IReadOnlyList<float>? values, int index)
    {
        if (name is not null)
        {
            json.WritePropertyName(name);
        }

        if (values is not null && index < values.Count)
        {
            json.WriteNumberValue(values[index]);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    /// <summary>The stop string that ended the candidate: the one found where its text was cut.</summary>
    private string? MatchedStop(ServeRequest request, GeneratedCandidate candidate)
    {
        var stops = request.Sampling.StopStrings;
        if (stops.Count == 1)
        {
            return stops[0];
        }

        var full = served.Engine.Tokenizer.Decode([.. candidate.TokenIds], skipSpecialTokens: true);
        return stops.FirstOrDefault(stop => stop.Length > 0 && full.IndexOf(stop, StringComparison.Ordinal) == candidate.Text.Length) ?? stops.FirstOrDefault();
    }

    private static void Usage(Utf8JsonWriter json, IReadOnlyList<ProblemGeneration> results)
    {
        var prompt = results.Sum(r => (long)r.PromptTokenCount);
        var completion = results.Sum(r => r.Candidates.Sum(c => (long)c.TokenCount));
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", prompt);
        json.WriteNumber("completion_tokens", completion);
        json.WriteNumber("total_tokens", prompt + completion);
        json.WriteEndObject();
    }
}
