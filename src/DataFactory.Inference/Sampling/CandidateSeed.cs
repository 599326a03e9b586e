using System.Text;

namespace DataFactory.Inference.Sampling;

/// <summary>
/// A candidate's seed from (run seed, problem id, candidate index): stable across processes and machines
/// (FNV-1a of the UTF-8 id, never <see cref="string.GetHashCode()"/>), so a rerun reproduces every candidate.
/// </summary>
internal static class CandidateSeed
{
    private const ulong FnvOffset = 0xCBF29CE484222325UL;
    private const ulong FnvPrime = 0x100000001B3UL;

    public static ulong Derive(ulong runSeed, string problemId, int candidateIndex)
    {
        var seed = SplitMix64.Mix(runSeed + 0x9E3779B97F4A7C15UL);
        seed = SplitMix64.Mix(seed ^ Fnv1a(problemId));
        return SplitMix64.Mix(seed ^ ((ulong)(uint)candidateIndex * 0xD1B54A32D192ED03UL));
    }

    public static ulong Fnv1a(string text)
    {
        Span<byte> stack = stackalloc byte[256];
        var count = Encoding.UTF8.GetByteCount(text);
        var bytes = count <= stack.Length ? stack[..count] : new byte[count];
        Encoding.UTF8.GetBytes(text, bytes);
        var hash = FnvOffset;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }
}
