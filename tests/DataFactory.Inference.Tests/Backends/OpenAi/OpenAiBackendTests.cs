using System.Net;
using System.Text.Json;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Backends;
using DataFactory.Inference.Backends.OpenAi;
using DataFactory.Inference.Chat;
using DataFactory.Inference.Generation;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Inference.Tests.Backends.OpenAi;

public sealed class OpenAiBackendTests
{
    private static readonly SamplingOptions Sampling = new()
    {
        Samples = 2, Temperature = 0.7f, TopP = 0.9f, TopK = 20, MaxNewTokens = 64, Seed = 7, StopStrings = ["\n\n"],
    };

    private static OpenAiBackendOptions Options(Action<OpenAiBackendOptions>? change = null)
    {
        var options = new OpenAiBackendOptions
        {
            BaseUrl = "http://127.0.0.1:8000", ApiKey = "sk-test-secret", MaxAttempts = 4, RetryBaseMilliseconds = 1, RetryMaxMilliseconds = 5, TimeoutSeconds = 30,
        };
        change?.Invoke(options);
        return options;
    }

    private static Task<OpenAiBackend> Connect(HttpMessageHandler server, OpenAiBackendOptions options, ChatTemplate? template = null, Func<string, int>? count = null) =>
        OpenAiBackend.ConnectAsync(options, template, count, NullLogger.Instance, server, CancellationToken.None);

    private static Task<IReadOnlyList<ProblemGeneration>> Generate(OpenAiBackend backend, SamplingOptions? sampling = null, bool chatTemplate = false) =>
        backend.GenerateAsync([new GenerationRequest("p-1", "Calculate 12 + 30.", chatTemplate)], sampling ?? Sampling, CancellationToken.None);

    private static JsonElement Body(RecordedServer server, int request) => JsonDocument.Parse(server.Requests[request].Body).RootElement;

    [Fact]
    public async Task Identifies_the_served_model_by_name_root_and_context_but_not_its_start_time()
    {
        using var first = await Connect(new RecordedServer().Models(), Options());
        using var restarted = await Connect(new RecordedServer().Models(RecordedBodies.VllmModelsRestarted), Options());
        using var sglang = await Connect(new RecordedServer().Models(RecordedBodies.SglangModels), Options());
        using var pinned = await Connect(new RecordedServer().Models(), Options(o => o.Revision = "a1b2c3"));

        Assert.Equal("Qwen/Qwen3-8B", first.Model.Name);
        Assert.Equal("/models/qwen3-8b", first.Model.Root);
        Assert.Equal(32768, first.Model.ContextLength);
        Assert.Equal(64, first.Model.Fingerprint.Length);
        Assert.Equal(first.Model.Fingerprint, restarted.Model.Fingerprint);
        Assert.NotEqual(first.Model.Fingerprint, sglang.Model.Fingerprint);
        Assert.NotEqual(first.Model.Fingerprint, pinned.Model.Fingerprint);
    }

    [Fact]
    public async Task Takes_the_fingerprint_that_serve_states_so_runs_of_the_model_folder_match()
    {
        var stated = new string('a', 64);
        var body = $$"""{"object":"list","data":[{"id":"tiny-reasoner","object":"model","owned_by":"datafactory","root":"tiny-reasoner","max_model_len":512,"fingerprint":"{{stated.ToUpperInvariant()}}"}]}""";

        using var backend = await Connect(new RecordedServer().Models(body), Options());

        Assert.Equal(stated, backend.Model.Fingerprint);
    }

    [Fact]
    public async Task Refuses_a_server_that_serves_another_model()
    {
        var error = await Assert.ThrowsAsync<GenerationBackendException>(() => Connect(new RecordedServer().Models(), Options(o => o.Model = "Qwen/Qwen3-4B")));

        Assert.False(error.IsTransient);
        Assert.Contains("serves Qwen/Qwen3-8B, not 'Qwen/Qwen3-4B'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asks_which_model_when_the_server_serves_several()
    {
        var error = await Assert.ThrowsAsync<GenerationBackendException>(() => Connect(new RecordedServer().Models(RecordedBodies.TwoModels), Options()));

        Assert.Contains("serves a, b; set DataFactory:Model:OpenAi:Model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sends_n_with_every_sampling_field_and_the_key_as_a_bearer_token()
    {
        var server = new RecordedServer().Models().Answer(HttpStatusCode.OK, RecordedBodies.VllmCompletionsTwoChoices);
        using var backend = await Connect(server, Options(o => { o.MinP = 0.05f; o.LogProbs = true; }));

        await Generate(backend);

        Assert.Equal(("GET", "/v1/models"), (server.Requests[0].Method, server.Requests[0].Path));
        Assert.Equal(("POST", "/v1/completions", "Bearer sk-test-secret"), (server.Requests[1].Method, server.Requests[1].Path, server.Requests[1].Authorization));
        var body = Body(server, 1);
        Assert.Equal("Qwen/Qwen3-8B", body.GetProperty("model").GetString());
        Assert.Equal("Calculate 12 + 30.", body.GetProperty("prompt").GetString());
        Assert.Equal(2, body.GetProperty("n").GetInt32());
        Assert.Equal(64, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.7, body.GetProperty("temperature").GetDouble(), 5);
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble(), 5);
        Assert.Equal(20, body.GetProperty("top_k").GetInt32());
        Assert.Equal(0.05, body.GetProperty("min_p").GetDouble(), 5);
        Assert.Equal(["\n\n"], body.GetProperty("stop").EnumerateArray().Select(s => s.GetString()));
        Assert.True(body.GetProperty("seed").GetInt64() >= 0);
        Assert.Equal(1, body.GetProperty("logprobs").GetInt32());
    }

    [Fact]
    public async Task Reads_each_choice_with_its_stop_reason_token_count_and_log_probability()
    {
        var server = new RecordedServer().Models().Answer(HttpStatusCode.OK, RecordedBodies.VllmCompletionsTwoChoices);
        using var backend = await Connect(server, Options(o => o.LogProbs = true));

        var generation = Assert.Single(await Generate(backend));

        Assert.Equal(21, generation.PromptTokenCount);
        Assert.Equal([0, 1], generation.Candidates.Select(c => c.Index));
        Assert.Equal("12 + 30 = 42. The answer is 42.", generation.Candidates[0].Text);
        Assert.Equal([FinishReason.Stop, FinishReason.Eos], generation.Candidates.Select(c => c.Reason));
        Assert.Equal([3, 2], generation.Candidates.Select(c => c.TokenCount));
        Assert.Equal(-1.0, generation.Candidates[0].LogProbSum!.Value, 6);
        Assert.Equal(-1.5, generation.Candidates[1].LogProbSum!.Value, 6);
    }

    [Fact]
    public async Task A_candidate_cut_at_max_tokens_ends_for_length_with_the_usage_count()
    {
        var server = new RecordedServer().Models().Answer(HttpStatusCode.OK, RecordedBodies.VllmCompletionLength);
        using var backend = await Connect(server, Options());

        var candidate = Assert.Single(Assert.Single(await Generate(backend, Sampling with { Samples = 1 })).Candidates);

        Assert.Equal(FinishReason.Length, candidate.Reason);
        Assert.Equal(16, candidate.TokenCount);
        Assert.Null(candidate.LogProbSum);
    }

    [Fact]
    public async Task Without_usage_counts_tokens_with_the_model_tokenizer_and_orders_choices_by_index()
    {
        var server = new RecordedServer().Models().Answer(HttpStatusCode.OK, RecordedBodies.CompletionsWithoutUsage);
        using var backend = await Connect(server, Options(), count: text => text.Length * 10);

        var generation = Assert.Single(await Generate(backend));

        Assert.Equal(["abcd", "abcdefgh"], generation.Candidates.Select(c => c.Text));
        Assert.Equal([40, 80], generation.Candidates.Select(c => c.TokenCount));
        Assert.Equal(0, generation.PromptTokenCount);
    }

    [Fact]
    public async Task Without_usage_or_tokenizer_estimates_four_characters_a_token()
    {
        var server = new RecordedServer().Models().Answer(HttpStatusCode.OK, RecordedBodies.CompletionsWithoutUsage);
        using var backend = await Connect(server, Options());

        var generation = Assert.Single(await Generate(backend));

        Assert.Equal([1, 2], generation.Candidates.Select(c => c.TokenCount));
    }

    [Fact]
    public async Task Shares_usage_among_choices_by_length_when_there_are_no_log_probabilities()
    {
        var body = RecordedBodies.VllmCompletionsTwoChoices;
        var server = new RecordedServer().Models().Answer(HttpStatusCode.OK, body.Replace("\"logprobs\":{", "\"unused\":{", StringComparison.Ordinal));
        using var backend = await Connect(server, Options());

        var generation = Assert.Single(await Generate(backend));

        Assert.Equal(5, generation.Candidates.Sum(c => c.TokenCount));
        Assert.True(generation.Candidates[0].TokenCount > generation.Candidates[1].TokenCount);
    }

    [Fact]
    public async Task Split_n_sends_one_request_per_candidate_each_with_its_own_reproducible_seed()
    {
        async Task<(long[] Seeds, ProblemGeneration Generation)> RunOnce()
        {
            var server = new RecordedServer().Models();
            var counter = 0;
            server.Fallback = (_, _) => new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(RecordedBodies.CompletionFor(0, $"c{Interlocked.Increment(ref counter)}", 3)),
            };
            using var backend = await Connect(server, Options(o => o.SplitN = true));
            var generation = Assert.Single(await Generate(backend, Sampling with { Samples = 4 }));
            var bodies = server.Requests.Skip(1).Select(r => JsonDocument.Parse(r.Body).RootElement).ToArray();
            Assert.All(bodies, b => Assert.Equal(1, b.GetProperty("n").GetInt32()));
            return ([.. bodies.Select(b => b.GetProperty("seed").GetInt64()).Order()], generation);
        }

        var first = await RunOnce();
        var second = await RunOnce();

        Assert.Equal(4, first.Seeds.Distinct().Count());
        Assert.Equal(first.Seeds, second.Seeds);
        Assert.Equal([0, 1, 2, 3], first.Generation.Candidates.Select(c => c.Index));
        Assert.All(first.Generation.Candidates, c => Assert.Equal(3, c.TokenCount));
    }

    [Fact]
    public async Task Keeps_the_reasoning_of_a_reasoning_parser_in_a_think_block()
    {
        var server = new RecordedServer().Models(RecordedBodies.SglangModels).Answer(HttpStatusCode.OK, RecordedBodies.SglangChatReasoning);
        using var backend = await Connect(server, Options(o => { o.Endpoint = "chat"; o.LogProbs = true; }));

        var candidate = Assert.Single(Assert.Single(await Generate(backend, Sampling with { Samples = 1 })).Candidates);

        Assert.Equal("/v1/chat/completions", server.Requests[1].Path);
        var body = Body(server, 1);
        Assert.Equal("user", body.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.True(body.GetProperty("logprobs").GetBoolean());
        Assert.Equal("<think>\n12 + 30 = 42.\n</think>\n\nThe answer is 42.", candidate.Text);
        Assert.Equal(FinishReason.Eos, candidate.Reason);
        Assert.Equal(2, candidate.TokenCount);
        Assert.Equal(-0.3, candidate.LogProbSum!.Value, 6);
    }

    [Fact]
    public async Task A_completions_prefix_is_appended_to_the_rendered_prompt_and_only_the_continuation_returns()
    {
        var server = new RecordedServer().Models().Answer(HttpStatusCode.OK, RecordedBodies.VllmCompletionLength);
        using var backend = await Connect(server, Options(), ChatTemplate.Load(RepoPaths.Bundled));

        var generation = Assert.Single(await backend.GenerateAsync(
            [new GenerationRequest("p-1", "Calculate 12 + 30.", true) { AssistantPrefix = "12 + 30 = 4", Count = 1 }], Sampling with { Samples = 3 }, CancellationToken.None));

        Assert.Equal("<|im_start|>user\nCalculate 12 + 30.<|im_end|>\n<|im_start|>assistant\n12 + 30 = 4", Body(server, 1).GetProperty("prompt").GetString());
        Assert.Equal(1, Body(server, 1).GetProperty("n").GetInt32());
        Assert.False(Body(server, 1).TryGetProperty("continue_final_message", out _));
        Assert.Single(generation.Candidates);
    }

    [Fact]
    public async Task A_chat_prefix_is_sent_as_the_partial_assistant_message_to_continue()
    {
        var server = new RecordedServer().Models(RecordedBodies.SglangModels).Answer(HttpStatusCode.OK, RecordedBodies.SglangChatReasoning);
        using var backend = await Connect(server, Options(o => o.Endpoint = "chat"));

        await backend.GenerateAsync([new GenerationRequest("p-1", "Calculate 12 + 30.") { AssistantPrefix = "12 + 30" }], Sampling with { Samples = 1 }, CancellationToken.None);

        var body = Body(server, 1);
        var messages = body.GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal([("user", "Calculate 12 + 30."), ("assistant", "12 + 30")], messages.Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())));
        Assert.True(body.GetProperty("continue_final_message").GetBoolean());
        Assert.False(body.GetProperty("add_generation_prompt").GetBoolean());
    }

    [Fact]
    public async Task Without_a_prefix_a_chat_request_has_one_user_message_and_no_continuation_fields()
    {
        var server = new RecordedServer().Models(RecordedBodies.SglangModels).Answer(HttpStatusCode.OK, RecordedBodies.SglangChatReasoning);
        using var backend = await Connect(server, Options(o => o.Endpoint = "chat"));

        await Generate(backend, Sampling with { Samples = 1 });

        var body = Body(server, 1);
        Assert.Single(body.GetProperty("messages").EnumerateArray());
        Assert.False(body.TryGetProperty("continue_final_message", out _));
        Assert.False(body.TryGetProperty("add_generation_prompt", out _));
    }

    [Fact]
    public async Task Split_n_honours_the_requests_count_and_first_candidate()
    {
        var server = new RecordedServer().Models();
        var counter = 0;
        server.Fallback = (_, _) => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(RecordedBodies.CompletionFor(0, $"c{Interlocked.Increment(ref counter)}", 3)),
        };
        using var backend = await Connect(server, Options(o => o.SplitN = true));

        var generation = Assert.Single(await backend.GenerateAsync(
            [new GenerationRequest("p-1", "Calculate 12 + 30.") { FirstCandidate = 4, Count = 2 }], Sampling with { Samples = 16 }, CancellationToken.None));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal([4, 5], generation.Candidates.Select(c => c.Index));
    }

    [Fact]
    public async Task Keeps_a_think_block_the_model_wrote_into_the_content()
    {
        var server = new RecordedServer().Models().Answer(HttpStatusCode.OK, RecordedBodies.VllmChatThinkInContent);
        using var backend = await Connect(server, Options(o => o.Endpoint = "chat"));

        var candidate = Assert.Single(Assert.Single(await Generate(backend, Sampling with { Samples = 1 })).Candidates);

        Assert.Equal("<think>\n6 * 7 = 42\n</think>\n\nThe answer is 42.", candidate.Text);
        Assert.Equal(18, candidate.TokenCount);
    }

    [Fact]
    public async Task Renders_completion_prompts_with_the_model_folder_chat_template()
    {
        var server = new RecordedServer().Models().Answer(HttpStatusCode.OK, RecordedBodies.VllmCompletionLength);
        using var backend = await Connect(server, Options(), ChatTemplate.Load(RepoPaths.Bundled));

        await Generate(backend, Sampling with { Samples = 1 }, chatTemplate: true);

        Assert.Equal("<|im_start|>user\nCalculate 12 + 30.<|im_end|>\n<|im_start|>assistant\n", Body(server, 1).GetProperty("prompt").GetString());
    }

    [Fact]
    public async Task An_assistant_prefix_is_appended_to_a_completions_prompt_with_the_request_count_and_first_index()
    {
        var server = new RecordedServer().Models().Answer(HttpStatusCode.OK, RecordedBodies.VllmCompletionLength);
        using var backend = await Connect(server, Options(), ChatTemplate.Load(RepoPaths.Bundled));

        var generation = await backend.GenerateAsync(
            [new GenerationRequest("p-1", "Calculate 12 + 30.", true) { AssistantPrefix = "2 + 0 = 2.\n", FirstCandidate = 5, Count = 1 }],
            Sampling,
            CancellationToken.None);

        var body = Body(server, 1);
        Assert.Equal("<|im_start|>user\nCalculate 12 + 30.<|im_end|>\n<|im_start|>assistant\n2 + 0 = 2.\n", body.GetProperty("prompt").GetString());
        Assert.Equal(1, body.GetProperty("n").GetInt32());
        Assert.Equal(5, Assert.Single(Assert.Single(generation).Candidates).Index);
    }

    [Fact]
    public async Task An_assistant_prefix_on_chat_completions_is_a_partial_assistant_message_the_server_continues()
    {
        var server = new RecordedServer().Models().Answer(HttpStatusCode.OK, RecordedBodies.VllmChatThinkInContent);
        using var backend = await Connect(server, Options(o => o.Endpoint = "chat"));

        await backend.GenerateAsync(
            [new GenerationRequest("p-1", "Calculate 12 + 30.") { AssistantPrefix = "2 + 0 = 2.\n", Count = 1 }], Sampling, CancellationToken.None);

        var body = Body(server, 1);
        var messages = body.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal(("assistant", "2 + 0 = 2.\n"), (messages[1].GetProperty("role").GetString(), messages[1].GetProperty("content").GetString()));
        Assert.True(body.GetProperty("continue_final_message").GetBoolean());
        Assert.False(body.GetProperty("add_generation_prompt").GetBoolean());
    }

    [Fact]
    public async Task Greedy_sampling_sends_temperature_zero_without_top_k()
    {
        var server = new RecordedServer().Models().Answer(HttpStatusCode.OK, RecordedBodies.VllmCompletionLength);
        using var backend = await Connect(server, Options());

        await Generate(backend, Sampling with { Samples = 1, Greedy = true });

        var body = Body(server, 1);
        Assert.Equal(0, body.GetProperty("temperature").GetDouble());
        Assert.False(body.TryGetProperty("top_k", out _));
    }

    [Fact]
    public async Task Retries_overload_rate_limits_and_server_errors_then_succeeds()
    {
        var server = new RecordedServer().Models()
            .Answer(HttpStatusCode.ServiceUnavailable, RecordedBodies.SglangOverloaded)
            .Answer(HttpStatusCode.TooManyRequests, """{"error":{"message":"rate limited","type":"RateLimitError","code":429}}""", r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30)))
            .Answer(HttpStatusCode.InternalServerError, "Internal Server Error")
            .Answer(HttpStatusCode.OK, RecordedBodies.VllmCompletionLength);
        using var backend = await Connect(server, Options());

        var candidate = Assert.Single(Assert.Single(await Generate(backend, Sampling with { Samples = 1 })).Candidates);

        Assert.Equal(16, candidate.TokenCount);
        Assert.Equal(5, server.Requests.Count);
    }

    [Fact]
    public async Task Retries_a_truncated_body_as_a_cut_connection()
    {
        var truncated = RecordedBodies.VllmCompletionLength[..60];
        var server = new RecordedServer().Models().Answer(HttpStatusCode.OK, truncated).Answer(HttpStatusCode.OK, RecordedBodies.VllmCompletionLength);
        using var backend = await Connect(server, Options());

        var generation = Assert.Single(await Generate(backend, Sampling with { Samples = 1 }));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(16, generation.Candidates[0].TokenCount);
    }

    [Fact]
    public async Task A_server_that_stays_down_is_a_transient_failure_naming_the_address_but_not_the_key()
    {
        var server = new RecordedServer().Models().Refuse().Refuse().Refuse().Refuse();
        using var backend = await Connect(server, Options());

        var error = await Assert.ThrowsAsync<GenerationBackendException>(() => Generate(backend, Sampling with { Samples = 1 }));

        Assert.True(error.IsTransient);
        Assert.Contains("failed 4 times", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot reach http://127.0.0.1:8000/v1/", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_request_fails_at_once_with_the_server_message()
    {
        var server = new RecordedServer().Models().Answer(HttpStatusCode.BadRequest, RecordedBodies.VllmFlatError);
        using var backend = await Connect(server, Options());

        var error = await Assert.ThrowsAsync<GenerationBackendException>(() => Generate(backend, Sampling with { Samples = 1 }));

        Assert.False(error.IsTransient);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("HTTP 400 Bad Request: This model's maximum context length is 4096 tokens.", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_model_the_server_no_longer_serves_fails_with_its_nested_error_message()
    {
        var server = new RecordedServer().Models().Answer(HttpStatusCode.NotFound, RecordedBodies.NestedNotFound);
        using var backend = await Connect(server, Options());

        var error = await Assert.ThrowsAsync<GenerationBackendException>(() => Generate(backend, Sampling with { Samples = 1 }));

        Assert.False(error.IsTransient);
        Assert.Contains("The model `Qwen/Qwen3-4B` does not exist.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_is_retried_then_reported_as_transient()
    {
        using var backend = await Connect(new SlowServer(new RecordedServer().Models()), Options(o => { o.TimeoutSeconds = 1; o.MaxAttempts = 2; }));

        var error = await Assert.ThrowsAsync<GenerationBackendException>(() => Generate(backend, Sampling with { Samples = 1 }));

        Assert.True(error.IsTransient);
        Assert.Contains("no answer within 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_names_each_bad_setting()
    {
        var errors = Options(o => { o.BaseUrl = "ftp://x"; o.Endpoint = "embeddings"; o.MaxConcurrency = 0; o.MinP = 2; }).Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("BaseUrl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Endpoint 'embeddings'", StringComparison.Ordinal));
    }

    /// <summary>Lists the model at once, then takes longer than any test waits to answer a completion.</summary>
    private sealed class SlowServer(RecordedServer models) : DelegatingHandler(models)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/models", StringComparison.Ordinal))
            {
                return await base.SendAsync(request, cancellationToken);
            }

            await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken);
            throw new InvalidOperationException("the slow server answered");
        }
    }
}
