namespace DataFactory.Inference.Generation;

/// <summary>Why a candidate stopped.</summary>
public enum FinishReason
{
    /// <summary>The model produced an end-of-sequence token.</summary>
    Eos,

    /// <summary>The text reached one of the stop strings (left out of the text).</summary>
    Stop,

    /// <summary>The candidate reached its maximum new tokens or the model's context.</summary>
    Length,

    /// <summary>
    /// A complete line of the text made a claim the request's step guard judges false
    /// (<see cref="GenerationRequest.StepGuard"/>): the candidate ends after that line, since it can no longer become
    /// a trace without a false step.
    /// </summary>
    FalseStep,

    /// <summary>
    /// Left the batch unfinished because its request had enough candidates (<see cref="IEarlyStop"/>); never in a
    /// result, only inside the engine.
    /// </summary>
    Abandoned,
}
