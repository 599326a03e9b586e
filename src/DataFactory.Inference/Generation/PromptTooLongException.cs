namespace DataFactory.Inference.Generation;

/// <summary>A prompt that leaves no room in the model's context; prompts are never truncated silently.</summary>
public sealed class PromptTooLongException : ArgumentException
{
    /// <summary>Creates the exception for one problem.</summary>
    public PromptTooLongException(string problemId, int promptTokens, int contextLength)
        : base($"Problem '{problemId}': prompt has {promptTokens} tokens but the model's context is {contextLength} tokens.")
    {
        ProblemId = problemId;
        PromptTokens = promptTokens;
        ContextLength = contextLength;
    }

    /// <summary>The problem whose prompt is too long.</summary>
    public string ProblemId { get; }

    /// <summary>Tokens in the prompt.</summary>
    public int PromptTokens { get; }

    /// <summary>The model's context length.</summary>
    public int ContextLength { get; }
}
