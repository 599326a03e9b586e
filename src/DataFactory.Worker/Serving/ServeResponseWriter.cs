using System.Text.Json;
using DataFactory.Inference.Generation;

namespace DataFactory.Worker.Serving;

/// <summary>
/// Writes completion and chat answers in OpenAI's shapes, whole or as server-sent events. Choice <c>i·n + j</c> is
/// candidate j of prompt i. The engine keeps only each candidate's log-probability sum (under the model at
/// temperature 1), which goes in <c>logprobs.sum_logprob</c>; a completion's <c>logprobs</c> also lists the sampled
/// tokens (with null per-token values), a chat answer's has <c>content: null</c>. A stream
/// sends each candidate whole once it is done: the engine does not hand out tokens while it decodes.
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

    /// <summary>The events of a stream, each a JSON chunk, without the final <c>[DONE]</c>.</summary>
    public IEnumerable<byte[]> Chunks(ServeRequest request, IReadOnlyList<ProblemGeneration> results, string id, long created)
    {
        foreach (var (index, candidate) in Choices(results))
        {
            yield return Chunk(json =>
            {
                Header(json, request, id, created, chunk: true);
                json.WriteStartArray("choices");
                json.WriteStartObject();
                Choice(json, request, index, candidate, delta: true);
                json.WriteEndObject();
                json.WriteEndArray();
            });
        }

        if (request.IncludeUsage)
        {
            yield return Chunk(json =>
            {
                Header(json, request, id, created, chunk: true);
                json.WriteStartArray("choices");
                json.WriteEndArray();
                Usage(json, results);
            });
        }
    }

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
            LogProbs(json, request.Chat, candidate);
        }
        else
        {
            json.WriteNull("logprobs");
        }

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

    private void LogProbs(Utf8JsonWriter json, bool chat, GeneratedCandidate candidate)
    {
        var tokenizer = served.Engine.Tokenizer;
        json.WriteStartObject("logprobs");
        if (chat)
        {
            // OpenAI clients read content[i].logprob as a number; with no per-token values there is no list to give.
            json.WriteNull("content");
        }
        else
        {
            json.WriteStartArray("tokens");
            foreach (var id in candidate.TokenIds)
            {
                json.WriteStringValue(tokenizer.Decode([id], skipSpecialTokens: false));
            }

            json.WriteEndArray();
            json.WriteStartArray("token_logprobs");
            foreach (var unused in candidate.TokenIds)
            {
                json.WriteNullValue();
            }

            json.WriteEndArray();
            json.WriteNull("top_logprobs");
        }

        if (candidate.LogProbSum is { } sum)
        {
            json.WriteNumber("sum_logprob", sum);
        }

        json.WriteEndObject();
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
