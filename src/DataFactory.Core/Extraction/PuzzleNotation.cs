using System.Text;

namespace DataFactory.Core.Extraction;

/// <summary>
/// Rewrites the operators a model writes in a puzzle answer (Unicode signs, LaTeX commands, "x"
/// between operands) as ASCII <c>+ - * /</c>, and drops math delimiters, <c>$</c>, backticks and
/// spacing commands, so that one small character set describes an expression. <c>\frac</c> stays
/// (the puzzle parser reads <c>\frac{a}{b}</c>); <c>\dfrac</c> and <c>\tfrac</c> become <c>\frac</c>.
/// A fixed number of linear passes.
/// </summary>
internal static class PuzzleNotation
{
    // Longer commands first where one is a prefix of another (\bigl before \big).
    private static readonly (string Command, string Replacement)[] Commands =
    [
        (@"\dfrac", @"\frac"), (@"\tfrac", @"\frac"),
        (@"\times", "*"), (@"\cdot", "*"), (@"\ast", "*"), (@"\div", "/"),
        (@"\left", string.Empty), (@"\right", string.Empty),
        (@"\bigl", string.Empty), (@"\bigr", string.Empty), (@"\Bigl", string.Empty), (@"\Bigr", string.Empty),
        (@"\big", string.Empty), (@"\Big", string.Empty),
        (@"\qquad", " "), (@"\quad", " "), (@"\,", " "), (@"\;", " "), (@"\:", " "), (@"\!", string.Empty), (@"\ ", " "),
        (@"\{", "{"), (@"\}", "}"),
        (@"\(", string.Empty), (@"\)", string.Empty), (@"\[", string.Empty), (@"\]", string.Empty),
        ("$", string.Empty), ("`", string.Empty),
    ];

    /// <summary>The text with every operator in ASCII and no delimiters.</summary>
    public static string Normalise(string text)
    {
        var builder = new StringBuilder(text);
        foreach (var (command, replacement) in Commands)
        {
            builder.Replace(command, replacement);
        }

        var replaced = builder.ToString();
        for (var i = 0; i < builder.Length; i++)
        {
            builder[i] = replaced[i] switch
            {
                '\u2212' or '\u2013' => '-',
                '\u00D7' or '\u00B7' or '\u22C5' or '\u2217' => '*',
                '\u00F7' or '\u2215' => '/',
                'x' or 'X' when IsBetweenOperands(replaced, i) => '*',
                var c => c,
            };
        }

        return builder.ToString();
    }

    /// <summary>"3 x 8", "(8-4)x(7-1)": an x with an operand on each side is a times sign.</summary>
    private static bool IsBetweenOperands(string text, int i)
    {
        // Each run of blanks is skipped only by the x on either side of it, so the pass stays linear.
        var before = i - 1;
        while (before >= 0 && text[before] is ' ' or '\t')
        {
            before--;
        }

        var after = i + 1;
        while (after < text.Length && text[after] is ' ' or '\t')
        {
            after++;
        }

        return before >= 0 && after < text.Length
            && (char.IsAsciiDigit(text[before]) || text[before] is ')' or ']' or '}')
            && (char.IsAsciiDigit(text[after]) || text[after] is '(' or '[' or '.');
    }
}
