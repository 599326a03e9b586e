using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Serving;
using OpenAI;
using OpenAI.Chat;

namespace DataFactory.Worker.Tests.Serving;

/// <summary><c>serve</c> driven by the official OpenAI .NET client (and plain HTTP where that client has no field, such as <c>n</c>).</summary>
public sealed class ServeTests
{
    private const string Question = "Calculate 12 + 30.";

#pragma warning disable OPENAI001 // Seed is marked experimental in the client.
    private static ChatCompletionOptions Options(long seed, int maxTokens = 120, bool logprobs = false, params string[] stops)
    {
        var options = new ChatCompletionOptions { Seed = seed, Temperature = 1.5f, MaxOutputTokenCount = maxTokens, IncludeLogProbabilities = logprobs };
        foreach (var stop in stops)
        {
            options.StopSequences.Add(stop);
        }

        return options;
    }
#pragma warning restore OPENAI001

    private static ChatClient Client(ServeHost host, string key = "unused") =>
        new("tiny-reasoner", new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(host.BaseUrl, "v1") });

    private static async Task<JsonElement> PostAsync(ServeHost host, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await host.Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task The_same_request_with_the_same_seed_returns_the_same_candidate_and_another_seed_may_differ()
    {
        await using var host = await ServeHost.StartAsync();
        var client = Client(host);

        var first = await client.CompleteChatAsync([new UserChatMessage(Question)], Options(seed: 11));
        var again = await client.CompleteChatAsync([new UserChatMessage(Question)], Options(seed: 11));
        var others = await Task.WhenAll(Enumerable.Range(100, 6).Select(seed => client.CompleteChatAsync([new UserChatMessage(Question)], Options(seed))));

        Assert.Equal(first.Value.Content[0].Text, again.Value.Content[0].Text);
        Assert.True(first.Value.Usage.OutputTokenCount > 0);
        Assert.Contains(others, o => o.Value.Content[0].Text != first.Value.Content[0].Text);
    }

    [Fact]
    public async Task A_stop_sequence_ends_the_candidate_before_it()
    {
        await using var host = await ServeHost.StartAsync();
        var client = Client(host);

        var whole = await client.CompleteChatAsync([new UserChatMessage(Question)], Options(seed: 3, maxTokens: 300));
        var stopped = await client.CompleteChatAsync([new UserChatMessage(Question)], Options(seed: 3, maxTokens: 300, stops: "answer"));

        Assert.Contains("answer", whole.Value.Content[0].Text, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, stopped.Value.FinishReason);
        Assert.DoesNotContain("answer", stopped.Value.Content[0].Text, StringComparison.Ordinal);
        Assert.StartsWith(stopped.Value.Content[0].Text, whole.Value.Content[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_tokens_cuts_the_candidate_for_length()
    {
        await using var host = await ServeHost.StartAsync();

        var cut = await Client(host).CompleteChatAsync([new UserChatMessage(Question)], Options(seed: 3, maxTokens: 4));

        Assert.Equal(ChatFinishReason.Length, cut.Value.FinishReason);
        Assert.Equal(4, cut.Value.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task Streaming_delivers_the_text_token_by_token_and_the_same_text_as_the_whole_answer()
    {
        await using var host = await ServeHost.StartAsync();
        var client = Client(host);

        var whole = await client.CompleteChatAsync([new UserChatMessage(Question)], Options(seed: 21, logprobs: true));
        var streamed = new System.Text.StringBuilder();
        var pieces = 0;
        var tokens = 0;
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(Question)], Options(seed: 21, logprobs: true)))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
                pieces += part.Text.Length > 0 ? 1 : 0;
            }

            tokens += update.ContentTokenLogProbabilities.Count;
            finish ??= update.FinishReason;
        }

        Assert.Equal(whole.Value.Content[0].Text, streamed.ToString());
        Assert.NotNull(finish);

        // Token by token, not the whole candidate at once; every token's log-probability arrives once.
        Assert.True(pieces >= whole.Value.Usage.OutputTokenCount / 2, $"{pieces} text chunks for {whole.Value.Usage.OutputTokenCount} tokens");
        Assert.Equal(whole.Value.Usage.OutputTokenCount, tokens);
    }

    [Fact]
    public async Task A_stream_of_several_choices_with_a_stop_string_sends_each_choice_exactly_its_whole_answer_text()
    {
        await using var host = await ServeHost.StartAsync();
        var body = new Dictionary<string, object>
        {
            ["prompt"] = "<|im_start|>user\nUse the numbers 4 7 8 8 to make 24 with + - * / and parentheses, using each number exactly once.<|im_end|>\n<|im_start|>assistant\n",
            ["n"] = 3, ["seed"] = 4, ["temperature"] = 1.0, ["max_tokens"] = 96, ["stop"] = new[] { "Final answer" },
        };

        var whole = await PostAsync(host, "/v1/completions", body);
        body["stream"] = true;
        body["stream_options"] = new { include_usage = true };
        using var response = await host.Http.PostAsJsonAsync("/v1/completions", body);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.Clone()).ToList();
        var texts = new Dictionary<int, System.Text.StringBuilder>();
        var finishes = new Dictionary<int, string>();
        foreach (var choice in chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray()))
        {
            var index = choice.GetProperty("index").GetInt32();
            Assert.False(finishes.ContainsKey(index), "no chunk after a choice's finish");
            (texts.TryGetValue(index, out var text) ? text : texts[index] = new()).Append(choice.GetProperty("text").GetString());
            if (choice.GetProperty("finish_reason").ValueKind == JsonValueKind.String)
            {
                finishes[index] = choice.GetProperty("finish_reason").GetString()!;
            }
        }

        var expected = whole.GetProperty("choices").EnumerateArray().ToDictionary(c => c.GetProperty("index").GetInt32());
        Assert.Equal(expected.Keys.Order(), texts.Keys.Order());
        foreach (var (index, choice) in expected)
        {
            Assert.Equal(choice.GetProperty("text").GetString(), texts[index].ToString());
            Assert.DoesNotContain("Final answer", texts[index].ToString(), StringComparison.Ordinal);
            Assert.Equal(choice.GetProperty("finish_reason").GetString(), finishes[index]);
        }

        Assert.True(chunks.Count > 2 * expected.Count, $"{chunks.Count} chunks for {expected.Count} choices");
        var usage = chunks[^1].GetProperty("usage");
        Assert.Equal(whole.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Log_probabilities_on_request_give_every_sampled_token_its_value_and_the_sum()
    {
        await using var host = await ServeHost.StartAsync();

        var chat = await Client(host).CompleteChatAsync([new UserChatMessage(Question)], Options(seed: 5, logprobs: true));
        var completion = await PostAsync(host, "/v1/completions", new { prompt = "12 + 30 =", max_tokens = 8, seed = 5, logprobs = 1 });

        // The official client reads one entry per generated token, each a log-probability (at most 0).
        var tokens = chat.Value.ContentTokenLogProbabilities;
        Assert.Equal(chat.Value.Usage.OutputTokenCount, tokens.Count);
        Assert.All(tokens, t => Assert.InRange(t.LogProbability, float.MinValue, 0f));
        Assert.Contains(tokens, t => t.LogProbability < 0);
        Assert.Equal(chat.Value.Content[0].Text, string.Concat(tokens.Where(t => t.Token != "<|im_end|>").Select(t => t.Token)));

        var logprobs = completion.GetProperty("choices")[0].GetProperty("logprobs");
        var values = logprobs.GetProperty("token_logprobs").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), values.Length);
        Assert.Equal(logprobs.GetProperty("tokens").GetArrayLength(), values.Length);
        Assert.Equal(logprobs.GetProperty("sum_logprob").GetDouble(), values.Sum(), 3);
        var offsets = logprobs.GetProperty("text_offset").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal(0, offsets[0]);
        Assert.True(offsets.Zip(offsets.Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public async Task N_gives_n_choices_each_reproducible_by_its_seed()
    {
        await using var host = await ServeHost.StartAsync();
        // A 24-game prompt: its first try has many choices, so four seeds give more than one text (a sum
        // the bundled model has learned well can come out the same under every seed).
        var body = new { model = "tiny-reasoner", prompt = "<|im_start|>user\nUse the numbers 4 7 8 8 to make 24 with + - * / and parentheses, using each number exactly once.<|im_end|>\n<|im_start|>assistant\n", n = 4, seed = 9, temperature = 1.5, top_p = 0.95, top_k = 50, max_tokens = 40 };

        var first = await PostAsync(host, "/v1/completions", body);
        var again = await PostAsync(host, "/v1/completions", body);

        var choices = first.GetProperty("choices").EnumerateArray().ToArray();
        Assert.Equal([0, 1, 2, 3], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.Equal(choices.Select(c => c.GetProperty("text").GetString()), again.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
        Assert.True(choices.Select(c => c.GetProperty("text").GetString()).Distinct().Count() > 1);
    }

    [Fact]
    public async Task Concurrent_requests_share_engine_calls_and_keep_their_own_candidates()
    {
        await using var host = await ServeHost.StartAsync(new Dictionary<string, string?> { ["DataFactory:Serve:BatchWindowMilliseconds"] = "200" });
        object Body(int seed) => new { prompt = "12 + 30 =", n = 2, seed, temperature = 1.5, max_tokens = 24 };
        var alone = await PostAsync(host, "/v1/completions", Body(7));

        var together = await Task.WhenAll(Enumerable.Range(7, 8).Select(seed => PostAsync(host, "/v1/completions", Body(seed))));

        static string[] Texts(JsonElement answer) => [.. answer.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("text").GetString()!)];
        Assert.Equal(Texts(alone), Texts(together[0]));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var metrics = await host.Http.GetStringAsync(WorkerEndpoints.MetricsPath);
        var calls = metrics.Split('\n').Single(l => l.StartsWith("datafactory_serve_batch_requests_count", StringComparison.Ordinal));
        Assert.True(double.Parse(calls.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) < 9, calls);
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_is_refused_without_failing_the_requests_batched_with_it()
    {
        await using var host = await ServeHost.StartAsync(new Dictionary<string, string?> { ["DataFactory:Serve:BatchWindowMilliseconds"] = "200" });
        var tooLong = string.Join(' ', Enumerable.Repeat("12 + 30", 400));

        var answers = await Task.WhenAll(
            PostAsync(host, "/v1/completions", new { prompt = tooLong, max_tokens = 8, seed = 1 }, HttpStatusCode.BadRequest),
            PostAsync(host, "/v1/completions", new { prompt = "12 + 30 =", max_tokens = 8, seed = 1 }));

        Assert.Contains("the model's context is 512", answers[0].GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Single(answers[1].GetProperty("choices").EnumerateArray());
    }

    [Fact]
    public async Task Errors_come_in_the_openai_shape()
    {
        await using var host = await ServeHost.StartAsync();

        var model = await PostAsync(host, "/v1/completions", new { model = "gpt-4o", prompt = "x" }, HttpStatusCode.NotFound);
        var minP = await PostAsync(host, "/v1/completions", new { prompt = "x", min_p = 0.1 }, HttpStatusCode.BadRequest);
        var messages = await PostAsync(host, "/v1/chat/completions", new { messages = Array.Empty<object>() }, HttpStatusCode.BadRequest);

        Assert.Equal("not_found_error", model.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("gpt-4o", model.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("min_p", minP.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(400, messages.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Models_lists_the_model_with_the_folder_fingerprint_and_health_is_ready()
    {
        await using var host = await ServeHost.StartAsync();

        var models = JsonDocument.Parse(await host.Http.GetStringAsync("/v1/models")).RootElement;
        var health = await host.Http.GetAsync(WorkerEndpoints.HealthPath);

        var model = Assert.Single(models.GetProperty("data").EnumerateArray());
        Assert.Equal("tiny-reasoner", model.GetProperty("id").GetString());
        Assert.Equal(Pipeline.ModelFingerprint.Compute(ServeHost.BundledModel, null), model.GetProperty("fingerprint").GetString());
        Assert.Equal(512, model.GetProperty("max_model_len").GetInt32());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task With_a_key_only_requests_bearing_it_are_served_and_metrics_stay_open()
    {
        await using var host = await ServeHost.StartAsync(new Dictionary<string, string?> { ["DataFactory:Serve:ApiKey"] = "sk-serve-secret" });

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => Client(host, "sk-wrong").CompleteChatAsync([new UserChatMessage(Question)], Options(seed: 1)));
        var served = await Client(host, "sk-serve-secret").CompleteChatAsync([new UserChatMessage(Question)], Options(seed: 1));
        using var bare = await host.Http.GetAsync("/v1/models");
        using var metrics = await host.Http.GetAsync(WorkerEndpoints.MetricsPath);

        Assert.Equal(401, refused.Status);
        Assert.DoesNotContain("sk-serve-secret", refused.Message, StringComparison.Ordinal);
        Assert.NotEmpty(served.Value.Content[0].Text);
        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8000")]
    [InlineData("http://*:8000")]
    [InlineData("http://127.0.0.1:8000;http://192.0.2.10:8000")]
    public async Task Refuses_to_listen_beyond_loopback_without_a_key(string urls)
    {
        await using var app = ServeHost.Build(new Dictionary<string, string?> { ["DataFactory:Serve:Urls"] = urls });

        var error = Assert.Throws<WorkerStartException>(app.CheckDataFactoryServe);

        Assert.Contains("beyond loopback", error.Message, StringComparison.Ordinal);
        Assert.Contains("--api-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listens_beyond_loopback_with_a_key()
    {
        await using var app = ServeHost.Build(new Dictionary<string, string?> { ["DataFactory:Serve:Urls"] = "http://0.0.0.0:0", ["DataFactory:Serve:ApiKey"] = "k" });

        app.CheckDataFactoryServe();
    }
}
