using System.Globalization;

namespace DataFactory.Core.Steps.Cipher;

/// <summary>One decoded pair as the trace states it: <c>nl: (14+12)/2 = 13 -> m</c>.</summary>
internal readonly record struct PairLine(char First, char Second, int FirstPosition, int SecondPosition, int Value, char Letter, int ValueAt)
{
    /// <summary>Reads the exact shape "xy: (a+b)/2 = v -> z" (spaces optional); false for anything else.</summary>
    public static bool TryRead(ReadOnlySpan<char> line, out PairLine pair)
    {
        pair = default;
        if (line.Length < 16 || !char.IsAsciiLetter(line[0]) || !char.IsAsciiLetter(line[1]) || line[2] != ':')
        {
            return false;
        }

        var rest = line[3..];
        if (!LineText.Expect(ref rest, '(') || !Number(ref rest, out var a) || !LineText.Expect(ref rest, '+') || !Number(ref rest, out var b)
            || !LineText.Expect(ref rest, ')') || !LineText.Expect(ref rest, '/') || !LineText.Expect(ref rest, '2') || !LineText.Expect(ref rest, '='))
        {
            return false;
        }

        rest = rest.TrimStart();
        var valueAt = line.Length - rest.Length;
        if (!Number(ref rest, out var value) || !LineText.Expect(ref rest, '-') || !LineText.Expect(ref rest, '>'))
        {
            return false;
        }

        rest = rest.Trim();
        if (rest.Length != 1 || !char.IsAsciiLetter(rest[0]))
        {
            return false;
        }

        pair = new PairLine(line[0], line[1], a, b, value, rest[0], valueAt);
        return true;
    }

    private static bool Number(ref ReadOnlySpan<char> rest, out int value)
    {
        rest = rest.TrimStart();
        var length = 0;
        while (length < rest.Length && length < 6 && char.IsAsciiDigit(rest[length]))
        {
            length++;
        }

        value = 0;
        if (length == 0 || !int.TryParse(rest[..length], NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        rest = rest[length..];
        return true;
    }
}
