using System.Text;

namespace DataFactory.Core.Decontamination;

/// <summary>
/// The normalisation every check compares on: Unicode NFKC, lower case, and words as maximal runs of
/// letters and digits; everything else (white space, punctuation, LaTeX's <c>$ \ { }</c>) separates
/// words. Each word becomes a 64-bit hash; texts are compared as sequences of those hashes.
/// </summary>
internal static class TextTokens
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Clears <paramref name="hashes"/> and fills it with the hash of each word of <paramref name="text"/>.</summary>
    public static void Hash(string text, List<ulong> hashes)
    {
        hashes.Clear();
        if (!System.Text.Ascii.IsValid(text) && !text.IsNormalized(NormalizationForm.FormKC))
        {
            text = text.Normalize(NormalizationForm.FormKC);
        }

        var hash = FnvOffset;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                hash = (hash ^ char.ToLowerInvariant(c)) * FnvPrime;
                inWord = true;
            }
            else if (inWord)
            {
                hashes.Add(Mix(hash));
                hash = FnvOffset;
                inWord = false;
            }
        }

        if (inWord)
        {
            hashes.Add(Mix(hash));
        }
    }

    /// <summary>A finaliser (splitmix64's) so that sums of word hashes spread over all 64 bits.</summary>
    public static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9UL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebUL;
        x ^= x >> 31;
        return x;
    }
}
