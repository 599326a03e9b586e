using System.Text;

namespace DataFactory.Core.Tests.Fuzz;

/// <summary>
/// A seeded generator of hostile model output: random text over an alphabet of delimiters,
/// fragments of answer markers and LaTeX, and a fixed set of adversarial shapes (megabyte strings,
/// 10,000-deep braces, 50,000 <c>\boxed{</c>, unbalanced delimiters, inputs that make backtracking
/// regular expressions explode, lone surrogates).
/// </summary>
internal static class FuzzInputs
{
    public const int Seed = 20_240_601;

    private const string Alphabet = "0123456789+-*/()[]{}\\$=.,:;!?^_ \t\nabcxyzABCDEFGHIJ#%&'\"`~|<>×÷−·√π²";

    private static readonly string[] Fragments =
    [
        @"\boxed{", @"\fbox{", "}", "{", "(", ")", "[", "]", @"\frac", @"\dfrac", @"\left(", @"\right)", @"\text{",
        @"\times", @"\div", @"\cdot", "$", "$$", @"\(", @"\)", @"\[", @"\]", "The answer is ", "the answer is: ",
        "Final answer: ", "final answer is ", "# Answer\n", "Answer: ", "#### ", "A: ", "(A)", "B)", "C.", "Option D",
        "**", "`", "```python\n", "```", "= 24", "=", "24", "8", "3", "/", "*", "-", "+", " ", "\n", "\n\n", "1,000",
        "3.14", "-7", "50%", @"\%", "\\", "I hope it is correct.", "<|im_end|>", "sqrt(", "^", "x", "\ud800", "\udc00",
        "\ud83d\ude00", "é", "Try ", " (8 6 3), ", ". Yes.", ". No.", "Word: ", " -> ", ": (", "Add the columns from the right.\n", "Multiply by each digit, then add the partial products.\n",
        "3*0+0=0: 0\n", "4+7+0=11: 1153\n", "carry 1: ", "453*70:\n", " is less than ", ", so compute ", "<<", ">>", "≈", "about ", "\u0301", "\u200b", "\0",
    ];

    /// <summary>Exactly <paramref name="count"/> inputs: the adversarial shapes first, then random ones.</summary>
    public static IEnumerable<FuzzInput> Generate(int count)
    {
        var random = new Random(Seed);
        var produced = 0;
        foreach (var (shape, text) in Adversarial(random))
        {
            if (produced == count)
            {
                yield break;
            }

            yield return new FuzzInput(shape, produced++, text);
        }

        while (produced < count)
        {
            var pick = random.Next(100);
            var (shape, text) = pick switch
            {
                < 40 => ("random characters", RandomChars(random, random.Next(0, 200))),
                < 85 => ("fragment soup", Soup(random, random.Next(1, 40))),
                < 99 => ("unbalanced", Unbalanced(random)),
                _ => ("medium soup", Soup(random, random.Next(500, 5_000))),
            };
            yield return new FuzzInput(shape, produced++, text);
        }
    }

    private static IEnumerable<(string Shape, string Text)> Adversarial(Random random)
    {
        const int megabyte = 1 << 20;
        yield return ("1 MB random characters", RandomChars(random, megabyte));
        yield return ("1 MB fragment soup", Soup(random, megabyte / 6));
        yield return ("10,000-deep braces", new string('{', 10_000) + "24" + new string('}', 10_000));
        yield return ("10,000-deep boxed braces", @"\boxed" + new string('{', 10_000) + "24" + new string('}', 10_000));
        yield return ("10,000-deep parentheses", "Answer: " + new string('(', 10_000) + "8*3" + new string(')', 10_000));
        yield return ("\\boxed{ x 50,000", Repeat(@"\boxed{", 50_000));
        yield return ("\\boxed{1} x 50,000", Repeat(@"\boxed{1} ", 50_000));
        yield return ("\\boxed{ x 50,000 then closed", Repeat(@"\boxed{", 50_000) + new string('}', 50_000));
        yield return ("unclosed braces", Repeat("{", 200_000));
        yield return ("unopened braces", Repeat("}", 200_000));
        yield return ("open parentheses", Repeat("(", 200_000));
        yield return ("regex bomb a...!", new string('a', 100_000) + "!");
        yield return ("regex bomb digits", new string('1', 200_000) + "x");
        yield return ("regex bomb spaces", "The answer is" + new string(' ', 200_000) + "!");
        yield return ("regex bomb markers", Repeat("The answer is ", 50_000));
        yield return ("regex bomb hashes", Repeat("#### ", 100_000));
        yield return ("regex bomb final answer", Repeat("Final answer: ", 50_000));
        yield return ("long sum", "Answer: " + Repeat("1+", 400_000) + "1 = 24");
        yield return ("long product line", Repeat("8*3/1-1+", 100_000));
        yield return ("many equals", Repeat("24=", 200_000));
        yield return ("many lines", Repeat("(8-4)*(7-1)\n", 80_000));
        yield return ("many dollars", Repeat("$", 300_000));
        yield return ("many backslashes", Repeat("\\", 300_000));
        yield return ("many options", Repeat("(A) ", 100_000));
        yield return ("huge number", "\\boxed{" + new string('9', 500_000) + "}");
        yield return ("huge decimal", "The answer is 0." + new string('0', 300_000) + "1");
        yield return ("huge fraction", @"\boxed{\frac{" + new string('7', 100_000) + "}{" + new string('3', 100_000) + "}}");
        yield return ("deep frac", "\\boxed{" + Repeat(@"\frac{1}{", 5_000) + "2" + new string('}', 5_000) + "}");
        yield return ("lone high surrogates", Repeat("\ud800", 100_000));
        yield return ("lone low surrogates", "The answer is " + Repeat("\udc00", 100_000));
        yield return ("reversed surrogate pairs", Repeat("\ude00\ud83d", 50_000));
        yield return ("code fences", Repeat("```", 100_000));
        yield return ("empty", string.Empty);
        yield return ("whitespace", new string(' ', 100_000));
        yield return ("nul characters", new string('\0', 100_000));
        yield return ("tower of powers", Repeat("9^", 100_000) + "9 = 1");
        yield return ("huge exponent claims", Repeat("2^99999999 = 1\n", 20_000));
        yield return ("long number claims", Repeat(new string('7', 500) + "/3 = 1 ", 2_000));
        yield return ("deep parenthesised claim", new string('(', 50_000) + "1" + new string(')', 50_000) + " = 2");
        yield return ("long tries", Repeat("Try 10-7=3 (8 6 3), ", 50_000) + "8*3=24. Yes.");
        yield return ("many column lines", "Multiply by each digit, then add the partial products.\n453*0:\n" + Repeat("3*0+0=0: 0\n", 40_000) + "Final answer: 0");
        yield return ("huge column line", "Add the columns from the right.\n" + new string('4', 200_000) + "+7+0=11: " + new string('1', 200_000));
        yield return ("many cipher pairs", Repeat("nl: (14+12)/2 = 13 -> m\n", 40_000) + "Word: m\nFinal answer: m");
    }

    private static string Repeat(string piece, int times) => new StringBuilder(piece.Length * times).Insert(0, piece, times).ToString();

    private static string RandomChars(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            var roll = random.Next(100);
            chars[i] = roll switch
            {
                < 85 => Alphabet[random.Next(Alphabet.Length)],
                < 90 => (char)random.Next(0xD800, 0xE000),
                _ => (char)random.Next(0, 0x10000),
            };
        }

        return new string(chars);
    }

    private static string Soup(Random random, int pieces)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < pieces; i++)
        {
            builder.Append(random.Next(8) == 0 ? RandomChars(random, random.Next(1, 6)) : Fragments[random.Next(Fragments.Length)]);
        }

        return builder.ToString();
    }

    private static string Unbalanced(Random random)
    {
        var open = "([{"[random.Next(3)];
        var close = ")]}"[random.Next(3)];
        var depth = random.Next(1, 300);
        var prefix = random.Next(2) == 0 ? @"\boxed" : "The answer is ";
        return prefix + new string(open, depth) + Soup(random, random.Next(1, 10)) + new string(close, random.Next(0, depth * 2));
    }
}
