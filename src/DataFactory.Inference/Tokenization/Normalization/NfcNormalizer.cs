using System.Text;
using Microsoft.ML.Tokenizers;

namespace DataFactory.Inference.Tokenization.Normalization;

/// <summary>
/// tokenizer.json normalizer <c>NFC</c> (Qwen2). The runtime's string.Normalize is a no-op under
/// InvariantGlobalization, so canonical decomposition, reordering and composition run here on
/// <see cref="NfcData"/>, with Hangul done arithmetically. Text with nothing that can change
/// under NFC (all ASCII, most prose) is returned as is after one scan.
/// </summary>
internal sealed class NfcNormalizer : Normalizer
{
    private const int HangulBase = 0xAC00;
    private const int LeadBase = 0x1100;
    private const int VowelBase = 0x1161;
    private const int TrailBase = 0x11A7;
    private const int VowelCount = 21;
    private const int TrailCount = 28;
    private const int LeadCount = 19;
    private const int SyllableCount = LeadCount * VowelCount * TrailCount;

    private static readonly Dictionary<int, (int First, int Second)> Decomposition = BuildDecomposition();
    private static readonly Dictionary<long, int> Composition = BuildComposition();
    private static readonly HashSet<int> CompositionSeconds = BuildSeconds();
    private static readonly Dictionary<int, int> Classes = BuildClasses();

    public override string Normalize(string original) => IsStable(original) ? original : Compose(original);

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());

    private static bool IsStable(string text)
    {
        foreach (var c in text)
        {
            if (c >= 0x300)
            {
                return IsStableFrom(text);
            }
        }

        return true;
    }

    private static bool IsStableFrom(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var cp = rune.Value;
            if (cp < 0x300)
            {
                continue;
            }

            if (Class(cp) != 0 || Decomposition.ContainsKey(cp) || CompositionSeconds.Contains(cp) || IsJamo(cp))
            {
                return false;
            }
        }

        return true;
    }

    private static string Compose(string text)
    {
        var decomposed = new List<int>(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            Decompose(rune.Value, decomposed);
        }

        Reorder(decomposed);

        var result = new List<int>(decomposed.Count);
        var starterIndex = -1;
        var lastClass = 0;
        foreach (var cp in decomposed)
        {
            var cls = Class(cp);
            if (starterIndex >= 0)
            {
                // Blocked when something between the starter and cp has class 0 or >= cp's class;
                // after reordering the last char appended has the highest class of those between.
                var adjacent = result.Count - 1 == starterIndex;
                var unblocked = adjacent || (lastClass != 0 && lastClass < cls);
                if (unblocked && TryCompose(result[starterIndex], cp, out var composite))
                {
                    result[starterIndex] = composite;
                    continue;
                }
            }

            if (cls == 0)
            {
                starterIndex = result.Count;
            }

            lastClass = cls;
            result.Add(cp);
        }

        var builder = new StringBuilder(result.Count + 4);
        foreach (var cp in result)
        {
            builder.Append(char.ConvertFromUtf32(cp));
        }

        return builder.ToString();
    }

    private static void Decompose(int cp, List<int> output)
    {
        var index = cp - HangulBase;
        if (index is >= 0 and < SyllableCount)
        {
            output.Add(LeadBase + (index / (VowelCount * TrailCount)));
            output.Add(VowelBase + (index % (VowelCount * TrailCount) / TrailCount));
            if (index % TrailCount != 0)
            {
                output.Add(TrailBase + (index % TrailCount));
            }

            return;
        }

        if (Decomposition.TryGetValue(cp, out var parts))
        {
            Decompose(parts.First, output);
            if (parts.Second >= 0)
            {
                Decompose(parts.Second, output);
            }

            return;
        }

        output.Add(cp);
    }

    private static void Reorder(List<int> codePoints)
    {
        // Stable insertion sort of each run of non-starters by combining class.
        for (var i = 1; i < codePoints.Count; i++)
        {
            var cls = Class(codePoints[i]);
            if (cls == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && Class(codePoints[j - 1]) > cls)
            {
                (codePoints[j - 1], codePoints[j]) = (codePoints[j], codePoints[j - 1]);
                j--;
            }
        }
    }

    private static bool TryCompose(int first, int second, out int composite)
    {
        var leadIndex = first - LeadBase;
        var vowelIndex = second - VowelBase;
        if (leadIndex is >= 0 and < LeadCount && vowelIndex is >= 0 and < VowelCount)
        {
            composite = HangulBase + (((leadIndex * VowelCount) + vowelIndex) * TrailCount);
            return true;
        }

        var syllableIndex = first - HangulBase;
        var trailIndex = second - TrailBase;
        if (syllableIndex is >= 0 and < SyllableCount && syllableIndex % TrailCount == 0 && trailIndex is > 0 and < TrailCount)
        {
            composite = first + trailIndex;
            return true;
        }

        return Composition.TryGetValue(Key(first, second), out composite);
    }

    private static bool IsJamo(int cp) => cp is >= LeadBase and < LeadBase + LeadCount
        or >= VowelBase and < VowelBase + VowelCount
        or > TrailBase and < TrailBase + TrailCount;

    private static int Class(int cp) => Classes.TryGetValue(cp, out var cls) ? cls : 0;

    private static long Key(int first, int second) => ((long)first << 21) | (uint)second;

    private static Dictionary<int, (int First, int Second)> BuildDecomposition()
    {
        var data = NfcData.Decompositions;
        var map = new Dictionary<int, (int, int)>(data.Length / 4);
        for (var i = 0; i < data.Length; i += 4)
        {
            map[data[i]] = (data[i + 1], data[i + 2]);
        }

        return map;
    }

    private static Dictionary<long, int> BuildComposition()
    {
        var data = NfcData.Decompositions;
        var map = new Dictionary<long, int>();
        for (var i = 0; i < data.Length; i += 4)
        {
            if (data[i + 3] == 1)
            {
                map[Key(data[i + 1], data[i + 2])] = data[i];
            }
        }

        return map;
    }

    private static HashSet<int> BuildSeconds()
    {
        var data = NfcData.Decompositions;
        var set = new HashSet<int>();
        for (var i = 0; i < data.Length; i += 4)
        {
            if (data[i + 3] == 1)
            {
                set.Add(data[i + 2]);
            }
        }

        return set;
    }

    private static Dictionary<int, int> BuildClasses()
    {
        var data = NfcData.CombiningClasses;
        var map = new Dictionary<int, int>(data.Length / 2);
        for (var i = 0; i < data.Length; i += 2)
        {
            map[data[i]] = data[i + 1];
        }

        return map;
    }
}
