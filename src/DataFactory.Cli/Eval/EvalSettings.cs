using DataFactory.Inference.Runtime;

namespace DataFactory.Cli.Eval;

/// <summary>One evaluation's settings: the model, samples per problem, seed and decoding limits.</summary>
internal sealed record EvalSettings(EngineOptions Engine, int Samples, ulong Seed, float Temperature, int MaxTokens, int ProblemsPerCall);
