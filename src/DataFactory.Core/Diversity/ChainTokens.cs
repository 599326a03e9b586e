namespace DataFactory.Core.Diversity;

/// <summary>Splits a step into token hashes: runs of digits (with a decimal point), runs of letters (lower-cased), and every other non-space character alone.</summary>
internal static class ChainTokens
{
    public static void Append(ReadOnlySpan<char> line, List<ulong> tokens)
    {
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsDigit(c))
            {
                while (i < line.Length && (char.IsDigit(line[i]) || (line[i] == '.' && i + 1 < line.Length && char.IsDigit(line[i + 1]))))
                {
                    i++;
                }
            }
            else if (char.IsLetter(c))
            {
                while (i < line.Length && char.IsLetter(line[i]))
                {
                    i++;
                }
            }
            else
            {
                i++;
            }

            tokens.Add(Hash(line[start..i]));
        }
    }

    /// <summary>FNV-1a over the lower-cased characters: stable across processes, unlike string.GetHashCode.</summary>
    private static ulong Hash(ReadOnlySpan<char> token)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in token)
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 0x100000001B3UL;
        }

        return hash;
    }
}
