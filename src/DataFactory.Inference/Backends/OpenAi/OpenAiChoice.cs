using DataFactory.Inference.Generation;

namespace DataFactory.Inference.Backends.OpenAi;

/// <summary>One choice of an answer: its text (reasoning kept in a <c>&lt;think&gt;</c> block), why it ended, and its tokens when the answer says.</summary>
internal sealed record OpenAiChoice(int Index, string Text, FinishReason Reason, int? TokenCount, double? LogProbSum);
