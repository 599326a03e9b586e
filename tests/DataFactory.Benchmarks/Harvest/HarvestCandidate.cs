using DataFactory.Core.Diversity;

namespace DataFactory.Benchmarks.Harvest;

/// <summary>One generated candidate as the benchmark keeps it: its tokens, whether it verified, and its signature when it did.</summary>
internal sealed record HarvestCandidate(int Index, int Tokens, bool Verified, ChainSignature? Signature);
