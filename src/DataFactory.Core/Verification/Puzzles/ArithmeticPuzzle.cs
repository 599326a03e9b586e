using System.Globalization;
using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Verification.Puzzles;

/// <summary>
/// The check shared by the 24 game and countdown: the final expression uses each given number
/// exactly once, only + − × ÷ and brackets, and evaluates exactly to the target. A claimed result
/// after <c>=</c> is ignored: the expression's own value decides.
/// </summary>
internal static class ArithmeticPuzzle
{
    // A chain such as "(8-4)*(7-1) = 4*6 = 24" has a few sides; more is not an answer.
    private const int MaxSides = 8;

    private const int MaxShownLength = 60;

    public static Verdict Check(string? answer, IReadOnlyList<long> numbers, long target)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return Verdict.Unparseable("no expression found");
        }

        var sides = answer.Split('=', MaxSides + 1);
        if (sides.Length > MaxSides)
        {
            return Verdict.Unparseable($"not an expression: more than {MaxSides - 1} '=' signs", answer);
        }

        var given = Count(numbers.Select(n => Rational.FromInteger(n)));
        ParsedExpression? best = null;
        string? firstError = null;
        foreach (var side in sides)
        {
            var text = Clean(side);
            if (text.Length == 0)
            {
                continue;
            }

            if (!ExpressionParser.TryParse(text, out var parsed, out var error))
            {
                firstError ??= error;
                continue;
            }

            if (UsesExactly(parsed, given))
            {
                best = parsed;
                break;
            }

            // Otherwise report on the side that looks most like the intended expression.
            if (best is null || parsed.Literals.Count > best.Literals.Count)
            {
                best = parsed;
            }
        }

        if (best is null)
        {
            return Verdict.Unparseable($"not an expression: {firstError ?? "empty"}", answer);
        }

        var usage = DescribeUsage(best, given);
        if (usage is not null)
        {
            return Verdict.Incorrect(best.Text, usage);
        }

        if (best.Value is not { } value)
        {
            return Verdict.Incorrect(best.Text, "divides by zero");
        }

        var goal = Rational.FromInteger(target);
        return value == goal
            ? Verdict.Correct(best.Text, $"uses each number once and evaluates to {target.ToString(CultureInfo.InvariantCulture)}")
            : Verdict.Incorrect(best.Text, $"evaluates to {Show(value)}, not {target.ToString(CultureInfo.InvariantCulture)}");
    }

    private static string Clean(string side) =>
        // A sentence may end right after the expression: "... (8-4)*(7-1)."
        side.Trim().TrimEnd('.', ',', ';', ':', '!', '?').Trim();

    private static Dictionary<Rational, int> Count(IEnumerable<Rational> values)
    {
        var counts = new Dictionary<Rational, int>();
        foreach (var value in values)
        {
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }

        return counts;
    }

    private static bool UsesExactly(ParsedExpression parsed, Dictionary<Rational, int> given)
    {
        var used = Count(parsed.Literals.Select(l => l.Value));
        return used.Count == given.Count && used.All(u => given.GetValueOrDefault(u.Key) == u.Value);
    }

    private static string? DescribeUsage(ParsedExpression parsed, Dictionary<Rational, int> given)
    {
        var used = Count(parsed.Literals.Select(l => l.Value));
        var problems = new List<string>();
        foreach (var literal in parsed.Literals.DistinctBy(l => l.Value))
        {
            var u = used[literal.Value];
            var g = given.GetValueOrDefault(literal.Value);
            if (g == 0)
            {
                problems.Add($"uses {Shorten(literal.Text)}, which is not one of the numbers");
            }
            else if (u > g)
            {
                problems.Add($"uses {literal.Text} {Times(u)}{(g > 1 ? $" (given {Times(g)})" : string.Empty)}");
            }
        }

        foreach (var (value, g) in given)
        {
            var u = used.GetValueOrDefault(value);
            if (u == 0)
            {
                problems.Add($"does not use {value}");
            }
            else if (u < g)
            {
                problems.Add($"uses {value} {Times(u)}, given {Times(g)}");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string Times(int count) => count switch
    {
        1 => "once",
        2 => "twice",
        _ => $"{count} times",
    };

    private static string Show(Rational value) => Shorten(value.ToString());

    private static string Shorten(string text) =>
        text.Length <= MaxShownLength ? text : string.Concat(text.AsSpan(0, MaxShownLength), "…");
}
