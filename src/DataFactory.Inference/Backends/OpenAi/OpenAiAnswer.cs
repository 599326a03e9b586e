namespace DataFactory.Inference.Backends.OpenAi;

/// <summary>A completion answer read: the model that wrote it, its choices by index, and <c>usage</c> when present.</summary>
internal sealed record OpenAiAnswer(string? Model, IReadOnlyList<OpenAiChoice> Choices, int? PromptTokens, int? CompletionTokens);
