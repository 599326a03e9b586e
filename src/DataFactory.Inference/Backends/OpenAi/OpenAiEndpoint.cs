namespace DataFactory.Inference.Backends.OpenAi;

/// <summary>Which OpenAI endpoint the candidates come from.</summary>
public enum OpenAiEndpoint
{
    /// <summary><c>/v1/completions</c>: a text prompt (rendered with the model folder's chat template when there is one).</summary>
    Completions,

    /// <summary><c>/v1/chat/completions</c>: a user message; the server renders its own template.</summary>
    ChatCompletions,
}
