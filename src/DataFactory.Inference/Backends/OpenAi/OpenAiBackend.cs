using System.Diagnostics;
using DataFactory.Core.Sampling;
using DataFactory.Inference.Chat;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Sampling;
using Microsoft.Extensions.Logging;

namespace DataFactory.Inference.Backends.OpenAi;

/// <summary>
/// Candidates from an OpenAI-compatible server. A problem's candidates are one request with <c>n</c>, or with
/// <see cref="OpenAiBackendOptions.SplitN"/> one request per candidate, each with the seed the engine would give
/// that candidate (run seed, problem id, index). Problems and candidates go out side by side, up to the
/// concurrency limit, so the server's own batching fills. Token counts come from <c>usage</c> (per candidate
/// from the log-probabilities when asked for, else <c>usage</c> shared by text length); without <c>usage</c>, from
/// the model folder's tokenizer when there is one.
/// </summary>
public sealed class OpenAiBackend : IGenerationBackend, IDisposable
{
    private readonly OpenAiBackendOptions _options;
    private readonly OpenAiEndpoint _endpoint;
    private readonly OpenAiTransport _transport;
    private readonly ChatTemplate? _template;
    private readonly Func<string, int>? _countTokens;
    private readonly ILogger _logger;
    private int _usageMissingLogged;

    private OpenAiBackend(OpenAiBackendOptions options, OpenAiTransport transport, ServedModelIdentity model, ChatTemplate? template, Func<string, int>? countTokens, ILogger logger)
    {
        _options = options;
        _endpoint = options.ParsedEndpoint ?? throw new ArgumentException($"Endpoint '{options.Endpoint}' is not completions or chat.", nameof(options));
        _transport = transport;
        Model = model;
        _template = template;
        _countTokens = countTokens;
        _logger = logger;
    }

    /// <summary>The served model: its name, fingerprint, root and context.</summary>
    public ServedModelIdentity Model { get; }

    /// <inheritdoc />
    public string ProviderName => "openai";

    /// <summary>Asks the server which model it serves (<c>/v1/models</c>, with retries) and returns a backend for it.</summary>
    /// <param name="options">Server, key, endpoint and limits.</param>
    /// <param name="template">The model folder's chat template, for <c>/v1/completions</c> prompts; null sends prompts as they are.</param>
    /// <param name="countTokens">Counts a text's tokens when an answer has no <c>usage</c>; null estimates four characters a token.</param>
    /// <param name="logger">Receives retries and the server's identity.</param>
    /// <param name="handler">The HTTP handler (tests); null for a pooled socket handler.</param>
    /// <param name="cancellationToken">Cancels the identification.</param>
    /// <exception cref="GenerationBackendException">The server is unreachable, refuses the key, or does not serve the configured model.</exception>
    public static async Task<OpenAiBackend> ConnectAsync(
        OpenAiBackendOptions options,
        ChatTemplate? template,
        Func<string, int>? countTokens,
        ILogger logger,
        HttpMessageHandler? handler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var transport = new OpenAiTransport(options, logger, handler);
        try
        {
            var model = await transport.SendAsync("models", null, body => ModelListReader.Identify(body, options.Model, options.Revision), cancellationToken);
            Log.ServerIdentified(logger, options.ApiRoot().ToString(), model.Name, model.Root, model.ContextLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", model.Fingerprint[..12]);
            return new OpenAiBackend(options, transport, model, template, countTokens, logger);
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProblemGeneration>> GenerateAsync(
        IReadOnlyList<GenerationRequest> requests, SamplingOptions sampling, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(sampling);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var problems = requests.Select(request => GenerateProblemAsync(request, sampling, failed)).ToArray();
        try
        {
            return await Task.WhenAll(problems);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Another problem failed and cancelled the rest: report that failure, not the cancellation.
            throw problems.Select(p => p.Exception?.InnerException).OfType<GenerationBackendException>().FirstOrDefault()
                ?? throw new GenerationBackendException("generation was cancelled", true, null);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    private async Task<ProblemGeneration> GenerateProblemAsync(GenerationRequest request, SamplingOptions sampling, CancellationTokenSource failed)
    {
        var prompt = _endpoint == OpenAiEndpoint.Completions && request.UseChatTemplate && _template is not null
            ? _template.Render([new ChatMessage("user", request.Prompt)], addGenerationPrompt: true)
            : request.Prompt;

        // /v1/completions continues the prefix as text; /v1/chat/completions gets it as a partial assistant message.
        var prefix = string.IsNullOrEmpty(request.AssistantPrefix) ? null : request.AssistantPrefix;
        if (prefix is not null && _endpoint == OpenAiEndpoint.Completions)
        {
            prompt += prefix;
            prefix = null;
        }

        var count = request.Count ?? sampling.Samples;
        var first = request.FirstCandidate;
        try
        {
            if (!_options.SplitN)
            {
                var seed = Seed(sampling.Seed, request.ProblemId, first == 0 ? -1 : -1 - first);
                var (promptTokens, candidates) = await SendAsync(request.ProblemId, prompt, prefix, count, seed, first, sampling, failed.Token);
                return new ProblemGeneration(request.ProblemId, promptTokens, candidates);
            }

            var sent = Enumerable.Range(first, count)
                .Select(i => SendAsync(request.ProblemId, prompt, prefix, 1, Seed(sampling.Seed, request.ProblemId, i), i, sampling, failed.Token))
                .ToArray();
            var answers = await Task.WhenAll(sent);
            return new ProblemGeneration(request.ProblemId, answers.Length == 0 ? 0 : answers[0].PromptTokens, [.. answers.SelectMany(a => a.Candidates)]);
        }
        catch (GenerationBackendException)
        {
            await failed.CancelAsync();
            throw;
        }
    }

    private async Task<(int PromptTokens, GeneratedCandidate[] Candidates)> SendAsync(
        string problemId, string prompt, string? assistantPrefix, int n, long seed, int firstIndex, SamplingOptions sampling, CancellationToken cancellationToken)
    {
        var path = _endpoint == OpenAiEndpoint.ChatCompletions ? "chat/completions" : "completions";
        var body = OpenAiRequestBody.Write(_endpoint, Model.Name, prompt, n, seed, sampling, _options, assistantPrefix);
        var started = Stopwatch.GetTimestamp();
        var answer = await _transport.SendAsync(path, body, bytes => OpenAiAnswerReader.Read(bytes, _endpoint), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (answer.Choices.Count != n)
        {
            throw new GenerationBackendException($"problem '{problemId}': asked {path} for {n} candidates, the answer has {answer.Choices.Count}", false, 200);
        }

        var counts = TokenCounts(answer, path);
        var candidates = new GeneratedCandidate[n];
        for (var i = 0; i < n; i++)
        {
            var choice = answer.Choices[i];
            candidates[i] = new GeneratedCandidate(firstIndex + i, choice.Text, [], counts[i], choice.Reason, choice.LogProbSum, elapsed);
        }

        return (answer.PromptTokens ?? 0, candidates);
    }

    private int[] TokenCounts(OpenAiAnswer answer, string path)
    {
        var choices = answer.Choices;
        if (choices.All(c => c.TokenCount is not null))
        {
            return [.. choices.Select(c => c.TokenCount!.Value)];
        }

        if (answer.CompletionTokens is { } total)
        {
            if (choices.Count == 1)
            {
                return [total];
            }

            // n > 1 without log-probabilities: usage is the sum; share it by text length (exact in total).
            var lengths = choices.Select(c => (long)Math.Max(1, c.Text.Length)).ToArray();
            var sum = lengths.Sum();
            var shares = lengths.Select(l => (int)(total * l / sum)).ToArray();
            shares[^1] += total - shares.Sum();
            return shares;
        }

        if (Interlocked.Exchange(ref _usageMissingLogged, 1) == 0)
        {
            Log.UsageMissing(_logger, path, _countTokens is null ? "estimated at four characters a token" : "counted with the model folder's tokenizer");
        }

        return [.. choices.Select(c => _countTokens?.Invoke(c.Text) ?? ((c.Text.Length + 3) / 4))];
    }

    /// <summary>A seed within the signed 64-bit range that vLLM and SGLang accept; -1 is the problem's seed for a request with <c>n</c>.</summary>
    private static long Seed(ulong runSeed, string problemId, int index) => (long)(CandidateSeed.Derive(runSeed, problemId, index) & long.MaxValue);
}
