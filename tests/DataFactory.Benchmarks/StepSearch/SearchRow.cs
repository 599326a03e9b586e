namespace DataFactory.Benchmarks.StepSearch;

/// <summary>One repetition of one (w, b) setting: search's figures and flat sampling's at the same tokens per problem.</summary>
internal sealed record SearchRow(double SearchSolved, double SearchTokens, double SearchChains, int FlatCandidates, double FlatTokens, double FlatSolved);
