namespace DataFactory.Inference.Generation;

/// <summary>A problem's prompt as token ids, ready to prefill.</summary>
internal sealed record TokenPrompt(string ProblemId, IReadOnlyList<int> Tokens);
