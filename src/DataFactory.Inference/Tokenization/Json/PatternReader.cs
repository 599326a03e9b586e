using System.Text.Json;
using System.Text.RegularExpressions;

namespace DataFactory.Inference.Tokenization.Json;

/// <summary>
/// Reads tokenizer.json patterns: <c>{"String": ...}</c> (a literal) or <c>{"Regex": ...}</c>
/// (Oniguruma syntax; possessive quantifiers become atomic groups, which .NET supports).
/// </summary>
internal static class PatternReader
{
    public static (string? Literal, Regex? Regex) Read(JsonElement owner, string component)
    {
        var pattern = JsonFields.Get(owner, "pattern") ?? throw new TokenizerException($"{component} in tokenizer.json has no pattern.");
        if (JsonFields.String(pattern, "String") is { } literal)
        {
            return (literal, null);
        }

        if (JsonFields.String(pattern, "Regex") is { } regex)
        {
            return (null, Compile(regex, component));
        }

        throw new TokenizerException($"{component} in tokenizer.json has a pattern that is neither String nor Regex.");
    }

    /// <summary>A regex that matches the literal text (Split's String patterns).</summary>
    public static Regex Literal(string literal) => new(Regex.Escape(literal), RegexOptions.CultureInvariant);

    public static Regex Compile(string pattern, string component)
    {
        try
        {
            return new Regex(ConvertPossessive(pattern), RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
        catch (ArgumentException exception)
        {
            throw new TokenizerException($"The regular expression of {component} in tokenizer.json is not supported: {exception.Message}", exception);
        }
    }

    /// <summary>Rewrites <c>X?+</c>, <c>X*+</c>, <c>X++</c> and <c>X{n,m}+</c> as <c>(?&gt;X?)</c> etc.</summary>
    internal static string ConvertPossessive(string pattern)
    {
        if (!pattern.Contains("?+", StringComparison.Ordinal)
            && !pattern.Contains("*+", StringComparison.Ordinal)
            && !pattern.Contains("++", StringComparison.Ordinal)
            && !pattern.Contains("}+", StringComparison.Ordinal))
        {
            return pattern;
        }

        var output = new System.Text.StringBuilder(pattern.Length + 16);
        var atomStart = -1;
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                atomStart = output.Length;
                var length = EscapeLength(pattern, i);
                output.Append(pattern, i, length);
                i += length;
                continue;
            }

            if (c == '[')
            {
                atomStart = output.Length;
                var end = ClassEnd(pattern, i);
                output.Append(pattern, i, end - i);
                i = end;
                continue;
            }

            if (c == '(')
            {
                // A group is appended char by char; remember where it opened to find its start at ')'.
                output.Append(c);
                i++;
                continue;
            }

            if (c == ')')
            {
                output.Append(c);
                atomStart = GroupStart(output);
                i++;
                continue;
            }

            if (c is '?' or '*' or '+' or '{')
            {
                var quantifierEnd = c == '{' ? pattern.IndexOf('}', i) + 1 : i + 1;
                if (quantifierEnd <= 0)
                {
                    output.Append(c);
                    i++;
                    continue;
                }

                var quantifier = pattern[i..quantifierEnd];
                if (quantifierEnd < pattern.Length && pattern[quantifierEnd] == '+' && atomStart >= 0)
                {
                    var atom = output.ToString(atomStart, output.Length - atomStart);
                    output.Length = atomStart;
                    output.Append("(?>").Append(atom).Append(quantifier).Append(')');
                    i = quantifierEnd + 1;
                }
                else
                {
                    output.Append(quantifier);
                    i = quantifierEnd;
                }

                atomStart = -1;
                continue;
            }

            atomStart = output.Length;
            output.Append(c);
            i++;
        }

        return output.ToString();
    }

    private static int EscapeLength(string pattern, int start)
    {
        // \p{..} and \P{..} carry a braced name; other escapes are two chars.
        if (start + 2 < pattern.Length && pattern[start + 1] is 'p' or 'P' && pattern[start + 2] == '{')
        {
            var close = pattern.IndexOf('}', start + 2);
            return close < 0 ? pattern.Length - start : close - start + 1;
        }

        return 2;
    }

    private static int ClassEnd(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        while (i < pattern.Length && pattern[i] != ']')
        {
            i += pattern[i] == '\\' ? 2 : 1;
        }

        return Math.Min(i + 1, pattern.Length);
    }

    private static int GroupStart(System.Text.StringBuilder output)
    {
        var depth = 0;
        for (var i = output.Length - 1; i >= 0; i--)
        {
            if (i > 0 && output[i - 1] == '\\')
            {
                continue;
            }

            if (output[i] == ')')
            {
                depth++;
            }
            else if (output[i] == '(' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
