namespace DataFactory.Inference.Generation;

/// <summary>A problem to sample candidates for.</summary>
/// <param name="ProblemId">Stable id; part of every candidate's seed.</param>
/// <param name="Prompt">The prompt text: raw, or the user message when <paramref name="UseChatTemplate"/> is set.</param>
/// <param name="UseChatTemplate">Render <paramref name="Prompt"/> as a user turn through the model's chat template, with the generation prompt.</param>
public sealed record GenerationRequest(string ProblemId, string Prompt, bool UseChatTemplate = false)
{
    /// <summary>
    /// The index of the first candidate (0 by default): a later round of the same problem continues where the
    /// last one stopped, so its candidates get new seeds and a rerun of the same rounds gets the same ones.
    /// </summary>
    public int FirstCandidate { get; init; }

    /// <summary>Candidates to sample for this problem, or null for <see cref="Core.Sampling.SamplingOptions.Samples"/>.</summary>
    public int? Count { get; init; }

    /// <summary>Text the assistant has already written: the prompt is rendered as usual (chat template with
    /// the generation prompt, or raw) and this text is appended, so candidates continue it. Null: none.</summary>
    public string? AssistantPrefix { get; init; }

    /// <summary>Stops the request's candidates once it has enough (see <see cref="IEarlyStop"/>); null: every candidate asked for.</summary>
    public IEarlyStop? EarlyStop { get; init; }

    /// <summary>
    /// Judges a candidate's text so far each time a sampled token completes a line: true while its complete lines hold
    /// no false claim. Once it returns false the candidate ends there with <see cref="FinishReason.FalseStep"/> (its text
    /// up to that token, its tokens counted), and its row is free for the next candidate. Null: no guard. Honoured by
    /// the ONNX engine (static waves and continuous batching); remote backends generate every candidate whole.
    /// </summary>
    public Func<string, bool>? StepGuard { get; init; }
}
