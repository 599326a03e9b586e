namespace DataFactory.Core.Steps.Columns;

/// <summary>Recognises the lines of the bundled model's written arithmetic, whitespace aside.</summary>
internal static class ColumnLine
{
    private const int MaxNumber = 40;

    /// <summary>
    /// True for a line of the method's shape: a method line ("Add the columns from the right.", "Subtract ...",
    /// "Multiply ...", "55 is less than 58, so ..."), a column ("4+7+0=11: 1153", "15-0-8=7: 7", "4*8+3=35: 52"),
    /// a carry ("carry 1: 1153") or a block header ("44*80:", "352+3520:").
    /// </summary>
    public static bool IsMethodLine(ReadOnlySpan<char> line)
    {
        if (line.StartsWith(ColumnMethod.AddLine.AsSpan(0, 15), StringComparison.Ordinal)
            || line.StartsWith(ColumnMethod.SubtractLine.AsSpan(0, 20), StringComparison.Ordinal)
            || line.StartsWith(ColumnMethod.MultiplyLine.AsSpan(0, 20), StringComparison.Ordinal))
        {
            return true;
        }

        var rest = line;
        if (rest.StartsWith("carry", StringComparison.Ordinal))
        {
            rest = rest[5..];
            return Number(ref rest) && LineText.Expect(ref rest, ':') && Number(ref rest) && rest.Trim().IsEmpty;
        }

        if (!Number(ref rest))
        {
            return false;
        }

        if (rest.TrimStart().StartsWith("is less than", StringComparison.Ordinal))
        {
            return true;
        }

        if (!Operator(ref rest) || !Number(ref rest))
        {
            return false;
        }

        if (LineText.Expect(ref rest, ':'))
        {
            return rest.Trim().IsEmpty;
        }

        return Operator(ref rest) && Number(ref rest) && LineText.Expect(ref rest, '=') && Number(ref rest) && LineText.Expect(ref rest, ':')
            && Number(ref rest) && rest.Trim().IsEmpty;
    }

    /// <summary>True when <paramref name="line"/> is <paramref name="expected"/> but for whitespace.</summary>
    public static bool Same(ReadOnlySpan<char> line, string expected)
    {
        var j = 0;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            while (j < expected.Length && expected[j] == ' ')
            {
                j++;
            }

            if (j >= expected.Length || expected[j] != c)
            {
                return false;
            }

            j++;
        }

        while (j < expected.Length && expected[j] == ' ')
        {
            j++;
        }

        return j == expected.Length;
    }

    private static bool Operator(ref ReadOnlySpan<char> rest)
    {
        rest = rest.TrimStart();
        if (rest.IsEmpty || rest[0] is not ('+' or '-' or '*'))
        {
            return false;
        }

        rest = rest[1..];
        return true;
    }

    private static bool Number(ref ReadOnlySpan<char> rest)
    {
        rest = rest.TrimStart();
        var length = 0;
        while (length < rest.Length && char.IsAsciiDigit(rest[length]))
        {
            length++;
        }

        if (length is 0 or > MaxNumber)
        {
            return false;
        }

        rest = rest[length..];
        return true;
    }
}
