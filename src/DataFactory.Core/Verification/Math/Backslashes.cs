using System.Text;

namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Undoes doubled backslashes before commands ("\\frac" → "\frac"), which answers copied from raw
/// strings and JSON carry, as Math-Verify does. A doubled backslash before anything else is a LaTeX
/// line break and stays.
/// </summary>
internal static class Backslashes
{
    public static string Collapse(string text)
    {
        if (!text.Contains(@"\\", StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 2 < text.Length && text[i + 1] == '\\')
            {
                if (char.IsAsciiLetter(text[i + 2]) || text[i + 2] is '(' or ')' or '[' or ']' or '{' or '}' or '$' or '%' or '!' or ',')
                {
                    builder.Append('\\');
                    i++;
                    continue;
                }

                builder.Append(@"\\");
                i++;
                continue;
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }
}
