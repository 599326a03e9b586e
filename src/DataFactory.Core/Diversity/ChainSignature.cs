using System.Runtime.CompilerServices;

namespace DataFactory.Core.Diversity;

/// <summary>
/// A MinHash signature of a reasoning chain's shingles, for near-duplicate detection. The text is cut into
/// steps (lines), each step into tokens (numbers, lower-case words, single symbols: spacing and case do not
/// count), and every run of <see cref="ShingleSize"/> tokens within a step is a shingle; a step shorter than that
/// is one shingle. Shingles never span two steps, so the same steps in another order give the same set.
/// Two signatures agree in a share of their <see cref="Size"/> slots that estimates the Jaccard similarity of the
/// two sets (standard error about 0.06 at 64 slots). Deterministic across processes: a run's counts reproduce.
/// </summary>
public sealed class ChainSignature
{
    /// <summary>Slots in a signature.</summary>
    public const int Size = 64;

    /// <summary>Tokens per shingle.</summary>
    public const int ShingleSize = 3;

    private readonly ulong[] _slots;

    private ChainSignature(ulong[] slots, int shingles)
    {
        _slots = slots;
        Shingles = shingles;
    }

    /// <summary>Distinct shingles in the text (0 for a text with no token).</summary>
    public int Shingles { get; }

    /// <summary>The signature of a text.</summary>
    public static ChainSignature Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var shingles = new HashSet<ulong>();
        var tokens = new List<ulong>();
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            tokens.Clear();
            ChainTokens.Append(line, tokens);
            if (tokens.Count == 0)
            {
                continue;
            }

            if (tokens.Count < ShingleSize)
            {
                shingles.Add(Combine(tokens, 0, tokens.Count));
                continue;
            }

            for (var i = 0; i + ShingleSize <= tokens.Count; i++)
            {
                shingles.Add(Combine(tokens, i, ShingleSize));
            }
        }

        var slots = new ulong[Size];
        slots.AsSpan().Fill(ulong.MaxValue);
        foreach (var shingle in shingles)
        {
            for (var s = 0; s < Size; s++)
            {
                var value = Mix(shingle ^ Seeds[s]);
                if (value < slots[s])
                {
                    slots[s] = value;
                }
            }
        }

        return new ChainSignature(slots, shingles.Count);
    }

    /// <summary>The estimated Jaccard similarity of the two texts' shingle sets, in [0, 1].</summary>
    public double Similarity(ChainSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Shingles == 0 || other.Shingles == 0)
        {
            return Shingles == other.Shingles ? 1 : 0;
        }

        var equal = 0;
        for (var s = 0; s < Size; s++)
        {
            equal += _slots[s] == other._slots[s] ? 1 : 0;
        }

        return (double)equal / Size;
    }

    private static readonly ulong[] Seeds = [.. Enumerable.Range(1, Size).Select(i => Mix((ulong)i * 0x9E3779B97F4A7C15UL))];

    private static ulong Combine(List<ulong> tokens, int start, int count)
    {
        var hash = 0xCBF29CE484222325UL;
        for (var i = start; i < start + count; i++)
        {
            hash = Mix(hash ^ tokens[i]);
        }

        return hash;
    }

    /// <summary>SplitMix64's finaliser: a bijective mix, so distinct shingles stay distinct under each slot's permutation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
