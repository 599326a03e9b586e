namespace DataFactory.Core.Steps;

/// <summary>Small readers over one line of a trace, shared by the checkers that read a fixed line shape.</summary>
internal static class LineText
{
    /// <summary>Skips white space; true and past it when the next character is <paramref name="c"/>.</summary>
    public static bool Expect(ref ReadOnlySpan<char> rest, char c)
    {
        rest = rest.TrimStart();
        if (rest.IsEmpty || rest[0] != c)
        {
            return false;
        }

        rest = rest[1..];
        return true;
    }
}
