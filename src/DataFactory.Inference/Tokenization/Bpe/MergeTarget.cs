namespace DataFactory.Inference.Tokenization.Bpe;

/// <summary>What a pair of adjacent symbols merges into, and how early the merge was learnt.</summary>
/// <param name="Rank">Position of the merge in the merge list; lower merges first.</param>
/// <param name="NewId">Id of the merged token.</param>
internal readonly record struct MergeTarget(int Rank, int NewId);
