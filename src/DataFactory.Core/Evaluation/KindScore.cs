namespace DataFactory.Core.Evaluation;

/// <summary>
/// An evaluation's figures for one task kind: the mean over its problems of the unbiased pass@1 and
/// pass@k from k samples each, and the share solved by greedy decoding (all fractions 0..1).
/// </summary>
public sealed record KindScore(string Kind, int Problems, int Samples, double PassAt1, double PassAtK, double Greedy);
