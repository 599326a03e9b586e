using DataFactory.Core.Sampling;
using DataFactory.Inference.Chat;
using DataFactory.Inference.Models;
using DataFactory.Inference.Runtime;
using DataFactory.Inference.Tokenization;
using Microsoft.Extensions.Logging;

namespace DataFactory.Inference.Generation;

/// <summary>
/// Turns problems into many sampled candidates with an ONNX decoder: each prompt is prefilled once and its KV cache
/// tiled to its candidates, many sequences share every forward pass, and finished candidates leave the batch.
/// Candidates are reproducible: each draws from its own generator seeded by (run seed, problem id, candidate index).
/// One <c>Generate</c> call runs at a time; concurrent calls wait.
/// </summary>
public sealed class GenerationEngine : IDisposable
{
    private readonly DecoderModel _model;
    private readonly BatchDecoder _decoder;
    private readonly StatsAccumulator _stats = new();
    private readonly Lock _gate = new();
    private readonly HashSet<int> _eos;
    private ChatTemplate? _chatTemplate;

    /// <summary>Loads the model folder's decoder and tokenizer and opens a session on the chosen provider.</summary>
    /// <param name="options">Model folder, variant, provider, threads and batch size.</param>
    /// <param name="logger">Receives the provider in use (once) and per-wave summaries.</param>
    /// <exception cref="ModelLoadException">The folder has no usable decoder, or its graph and config disagree.</exception>
    /// <exception cref="TokenizerException">The folder has no usable tokenizer.</exception>
    /// <exception cref="ExecutionProviderException">CUDA was asked for (<see cref="ExecutionProvider.Cuda"/>) and cannot be used.</exception>
    public GenerationEngine(EngineOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _model = DecoderModel.Load(options, logger);
        try
        {
            Tokenizer = TokenizerLoader.Load(_model.Info.Directory);
        }
        catch
        {
            _model.Dispose();
            throw;
        }

        _decoder = new BatchDecoder(_model, options, _stats, logger);
        _eos = [.. _model.Info.EosTokenIds, .. Tokenizer.EosTokenIds];
    }

    /// <summary>The ONNX Runtime execution provider in use (<c>CUDAExecutionProvider</c> or <c>CPUExecutionProvider</c>).</summary>
    public string ExecutionProviderName => _model.ProviderName;

    /// <summary>Layers, KV heads, head size, vocabulary, context length and element types of the loaded model.</summary>
    public ModelInfo ModelInfo => _model.Info;

    /// <summary>The model folder's tokenizer.</summary>
    public ModelTokenizer Tokenizer { get; }

    /// <summary>Every id that ends a candidate: the model's and the tokenizer's end-of-sequence ids.</summary>
    public IReadOnlySet<int> EosTokenIds => _eos;

    /// <summary>Totals since the engine was created: tokens, time, decode steps and rows per step (batch occupancy).</summary>
    public GenerationStats Stats => _stats.Snapshot();

    /// <summary>
    /// The token ids a request's prompt becomes (after the chat template when it asks for one), followed by the
    /// tokens of its <see cref="GenerationRequest.AssistantPrefix"/> when it has one.
    /// </summary>
    /// <param name="request">The problem and its prompt.</param>
    /// <returns>Prompt token ids.</returns>
    public IReadOnlyList<int> EncodePrompt(GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prompt = EncodeRenderedPrompt(request);
        if (string.IsNullOrEmpty(request.AssistantPrefix))
        {
            return prompt;
        }

        // The prefix is encoded alone and appended, so the prompt's own tokens are the same with or without one
        // (encoding the joined text could merge tokens across the boundary).
        var prefix = Tokenizer.Encode(request.AssistantPrefix);
        var joined = new int[prompt.Count + prefix.Count];
        for (var i = 0; i < prompt.Count; i++)
        {
            joined[i] = prompt[i];
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            joined[prompt.Count + i] = prefix[i];
        }

        return joined;
    }

    /// <summary>
    /// Renders a probe conversation through the model's chat template and encodes it, so that a template this
    /// engine cannot render (or one that needs a token tokenizer_config.json lacks) fails before any problem.
    /// </summary>
    /// <returns>The family the template was recognised as.</returns>
    /// <exception cref="ChatTemplateException">The template is not supported; the message says why.</exception>
    public ChatTemplateFamily CheckChatTemplate()
    {
        EncodePrompt(new GenerationRequest("chat-template-probe", "What is 2 + 2?", UseChatTemplate: true));
        return _chatTemplate!.Family;
    }

    /// <summary>Samples <see cref="SamplingOptions.Samples"/> candidates for every request.</summary>
    /// <param name="requests">Problems with their prompts; ids should be unique (they seed the candidates).</param>
    /// <param name="sampling">Samples, temperature, top-k, top-p, greedy, max new tokens, seed and stop strings.</param>
    /// <param name="cancellationToken">Checked before every forward pass.</param>
    /// <returns>One result per request, in request order, each with its candidates in index order.</returns>
    /// <exception cref="PromptTooLongException">A prompt fills the model's context; nothing is generated.</exception>
    public IReadOnlyList<ProblemGeneration> Generate(
        IReadOnlyList<GenerationRequest> requests,
        SamplingOptions sampling,
        CancellationToken cancellationToken) => Generate(requests, sampling, observer: null, cancellationToken);

    /// <summary>As <see cref="Generate(IReadOnlyList{GenerationRequest}, SamplingOptions, CancellationToken)"/>, telling <paramref name="observer"/> every token and finished candidate as they come (streaming).</summary>
    /// <param name="requests">Problems with their prompts; ids should be unique (they seed the candidates).</param>
    /// <param name="sampling">Samples, temperature, top-k, top-p, greedy, max new tokens, seed and stop strings.</param>
    /// <param name="observer">Hears tokens and finished candidates; null for none.</param>
    /// <param name="cancellationToken">Checked before every forward pass.</param>
    /// <returns>One result per request, in request order, each with its candidates in index order.</returns>
    /// <exception cref="PromptTooLongException">A prompt fills the model's context; nothing is generated.</exception>
    public IReadOnlyList<ProblemGeneration> Generate(
        IReadOnlyList<GenerationRequest> requests,
        SamplingOptions sampling,
        IGenerationObserver? observer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(sampling);
        var stops = sampling.StopStrings.Where(stop => stop.Length > 0).ToArray();
        var prompts = new TokenPrompt[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var tokens = EncodePrompt(requests[i]);
            var outOfRange = tokens.FirstOrDefault(id => id < 0 || id >= _model.Info.VocabularySize, -1);
            if (outOfRange >= 0)
            {
                throw new ArgumentException(
                    $"Problem '{requests[i].ProblemId}': token id {outOfRange} is outside the model's vocabulary of {_model.Info.VocabularySize}.",
                    nameof(requests));
            }

            var earlyStop = requests[i].EarlyStop;
            var guard = requests[i].StepGuard;
            prompts[i] = new TokenPrompt(requests[i].ProblemId, tokens, requests[i].FirstCandidate, requests[i].Count)
            {
                Enough = earlyStop is null ? null : candidate => earlyStop.Enough(ToCandidate(candidate, stops)),
                Guard = guard is null ? null : () => new StepGuardDetector(Tokenizer.CreateIncrementalDecoder(), guard),
            };
        }

        Func<IStopDetector?> detectors = stops.Length == 0
            ? () => null
            : () => new StopStringDetector(Tokenizer.CreateIncrementalDecoder(), stops);

        IReadOnlyList<IReadOnlyList<TokenCandidate>> decoded;
        lock (_gate)
        {
            var rows = observer is null ? null : new EngineRowObserver(observer, candidate => ToCandidate(candidate, stops));
            decoded = _decoder.Decode(prompts, sampling, _eos, detectors, rows, cancellationToken);
        }

        var results = new ProblemGeneration[requests.Count];
        for (var p = 0; p < requests.Count; p++)
        {
            var candidates = decoded[p].Where(c => c.Reason != FinishReason.Abandoned).Select(candidate => ToCandidate(candidate, stops)).ToArray();
            var abandoned = decoded[p].Where(c => c.Reason == FinishReason.Abandoned).ToArray();
            results[p] = new ProblemGeneration(requests[p].ProblemId, prompts[p].Tokens.Count, candidates)
            {
                Abandoned = abandoned.Length,
                AbandonedTokens = abandoned.Sum(c => (long)c.TokenIds.Count),
            };
        }

        return results;
    }

    private IReadOnlyList<int> EncodeRenderedPrompt(GenerationRequest request)
    {
        if (!request.UseChatTemplate)
        {
            // A raw prompt gets what the tokenizer's post-processor adds (BOS for Llama), as Hugging Face's tokenizer(text) does.
            return Tokenizer.Encode(request.Prompt, addSpecialTokens: true);
        }

        _chatTemplate ??= ChatTemplate.Load(_model.Info.Directory);
        var rendered = _chatTemplate.Render([new ChatMessage("user", request.Prompt)], addGenerationPrompt: true);
        return Tokenizer.Encode(rendered);
    }

    /// <summary>Closes the ONNX Runtime session.</summary>
    public void Dispose() => _model.Dispose();

    private GeneratedCandidate ToCandidate(TokenCandidate candidate, string[] stops)
    {
        var ids = candidate.TokenIds as int[] ?? [.. candidate.TokenIds];
        var text = Tokenizer.Decode(ids, skipSpecialTokens: true);
        if (candidate.Reason == FinishReason.Stop)
        {
            text = StopStringDetector.CutAtStop(text, stops);
        }

        return new GeneratedCandidate(candidate.Index, text, ids, ids.Length, candidate.Reason, candidate.LogProbSum, candidate.Elapsed)
        {
            TokenLogProbs = candidate.TokenLogProbs,
        };
    }
}
