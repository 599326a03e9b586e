namespace DataFactory.Inference.Sampling;

/// <summary>SplitMix64 (Steele, Lea, Flood): seeds other generators and mixes 64-bit words.</summary>
internal static class SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    public static ulong Next(ref ulong state)
    {
        state += Gamma;
        return Mix(state);
    }

    /// <summary>The SplitMix64 finaliser: a bijection that spreads every input bit over the output.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
