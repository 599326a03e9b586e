using System.Collections.Frozen;

namespace DataFactory.Core.Steps.Arithmetic;

/// <summary>
/// The words around a claim that mean its sides are not what they look like: an operation in words
/// before or after it ("half of 8 = 4", "3 times 4 = 12", "= 3 dozen"), or an approximation or a
/// non-decimal setting in its sentence ("about", "rounded", "mod 5", "in base 2").
/// </summary>
internal static class ClaimWords
{
    /// <summary>A word right before the left side that makes it part of a longer, worded expression.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> BeforeLeft = Lookup(
        StringComparer.OrdinalIgnoreCase,
        "of", "times", "by", "plus", "minus", "over", "per", "divided", "multiplied", "into", "half", "twice", "double", "triple",
        "thrice", "quarter", "third", "percent", "and", "than", "from", "to", "x", "sqrt", "root", "log", "ln", "sin", "cos", "tan",
        "exp", "mod", "modulo", "squared", "cubed", "less", "more", "each", "every", "with", "between", "choose", "factorial");

    /// <summary>A word right after the right side that makes it part of a longer, worded expression.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AfterRight = Lookup(
        StringComparer.OrdinalIgnoreCase,
        "times", "of", "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion",
        "billions", "trillion", "percent", "squared", "cubed", "plus", "minus", "divided", "multiplied", "over", "per", "x",
        "halves", "thirds", "quarters", "fourths", "fifths", "tenths", "hundredths", "factorial", "mod", "modulo", "choose",
        "to", "and", "or", "k", "m", "bn", "e");

    /// <summary>A word anywhere in the claim's sentence that says it is approximate or not ordinary decimal arithmetic.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> InSentence = Lookup(
        StringComparer.OrdinalIgnoreCase,
        "approx", "approximately", "approximate", "approximation", "about", "around", "roughly", "nearly", "almost", "rounded",
        "rounding", "round", "rounds", "estimate", "estimated", "estimating", "estimation", "circa", "truncated", "mod", "modulo",
        "pmod", "bmod", "base", "binary", "octal", "hexadecimal", "hex", "\\approx", "\\sim", "\\simeq", "\\equiv", "\\pmod",
        "\\bmod", "\\mod", "\\cong", "\\doteq");

    /// <summary>LaTeX commands that wrap a unit or a word after a number ("5\text{ cm}").</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TextCommands = Lookup(
        StringComparer.Ordinal, "\\text", "\\mathrm", "\\mbox", "\\textbf", "\\textit", "\\mathbf", "\\operatorname");

    private static FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup(StringComparer comparer, params string[] words) =>
        FrozenSet.Create(comparer, words).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Characters that mark an approximation or a congruence.</summary>
    public static bool IsMarkerSymbol(char c) => c is '\u2248' or '\u2245' or '~' or '\u223C' or '\u2243' or '\u2261' or '\u2252';
}
