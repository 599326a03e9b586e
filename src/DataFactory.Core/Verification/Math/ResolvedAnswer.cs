namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>The answer found in a text and its parse (null when it does not parse).</summary>
internal sealed record ResolvedAnswer(string Text, MathNode? Node);
