using System.Globalization;
using System.Numerics;
using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Steps.Arithmetic;

/// <summary>
/// Finds and judges the arithmetic claims of one line's tokens. A claim is one '=' whose two sides
/// are closed arithmetic; in a chain "2+3=5=5" each '=' is a claim between its neighbours. A side is
/// what lies next to '=' up to a clean boundary (start, punctuation, a word that is not an operation
/// word); anything glued to a side (a variable, a unit, '%', '!', a ratio's ':') or an approximation
/// in the sentence makes the claim skipped. A claim whose sides are both bare numbers is judged only
/// inside a chain that computes something ("2+3=5=5"), never alone ("Step 3 = 5").
/// </summary>
internal static class ClaimScanner
{
    /// <summary>The most tokens one side may have; a longer one is skipped.</summary>
    public const int MaxSideTokens = 256;

    public static void Scan(string text, ReadOnlySpan<ClaimToken> tokens, int line, StepTally tally)
    {
        var markers = SentenceMarkers.Find(text, tokens);
        var previous = default(ClaimSide);
        var previousEnd = -1;
        var chainComputes = false;
        for (var k = 0; k < tokens.Length; k++)
        {
            if (tokens[k].Kind != ClaimTokenKind.Equals)
            {
                continue;
            }

            ClaimSide left;
            var hasLeft = true;
            if (previousEnd == k)
            {
                left = previous;
            }
            else
            {
                chainComputes = false;
                hasLeft = TryLeft(text, tokens, k, out left);
            }

            var hasRight = TryRight(text, tokens, k, out var right);
            previous = right;
            previousEnd = hasRight ? right.End : -1;
            if (!hasLeft || !hasRight)
            {
                tally.Skip();
                continue;
            }

            chainComputes |= left.HasOperator || right.HasOperator;
            if (!chainComputes || left.Status == ValueStatus.Unjudgeable || right.Status == ValueStatus.Unjudgeable
                || (markers is not null && markers.Covers(left.First, right.End - 1)))
            {
                tally.Skip();
                continue;
            }

            Judge(text, tokens, line, left, right, tally);
        }
    }

    private static void Judge(string text, ReadOnlySpan<ClaimToken> tokens, int line, ClaimSide left, ClaimSide right, StepTally tally)
    {
        var start = tokens[left.First].Start;
        var end = tokens[right.End - 1].End;
        if (left.Status == ValueStatus.DividesByZero || right.Status == ValueStatus.DividesByZero)
        {
            tally.Fail(line, start, end, "divides by zero");
            return;
        }

        if (left.Value == right.Value)
        {
            tally.Pass();
            return;
        }

        // "10/3 = 3.33": a decimal written to d places that is within one unit of the d-th place is a
        // rounding, and "<<4.20+9.45+1.35=14.999999999999998>>" a calculator's floating-point print: not judged.
        var decimals = Math.Max(left.Decimals, right.Decimals);
        if (decimals > 0 && Close(left.Value.ToRational(), right.Value.ToRational(), decimals))
        {
            tally.Skip();
            return;
        }

        // "$3/2 = $1.50+$3.00 = $4.50": the right side goes on from the left side's value; a running
        // computation, not a claim that 3/2 is 4.50.
        if (ContinuesFrom(text, tokens, left, right))
        {
            tally.Skip();
            return;
        }

        if (!tally.WouldBeFirst(start))
        {
            tally.FailLater();
            return;
        }

        var leftText = text[start..tokens[left.End - 1].End].Trim();
        var leftValue = Show(left.Value.ToRational());
        var reason = leftText == leftValue
            ? $"{leftValue} is not {Show(right.Value.ToRational())}"
            : $"{Shorten(leftText)} is {leftValue}, not {Show(right.Value.ToRational())}";
        tally.Fail(line, start, end, reason);
    }

    /// <summary>|a − b| ≤ max(10^−decimals, 10^−9 · max(|a|, |b|)).</summary>
    private static bool Close(Rational a, Rational b, int decimals)
    {
        if (decimals > 40)
        {
            return true;
        }

        var difference = a - b;
        var scaled = BigInteger.Abs(difference.Numerator) * BigInteger.Pow(10, decimals);
        if (scaled <= difference.Denominator)
        {
            return true;
        }

        var magnitude = BigInteger.Max(BigInteger.Abs(a.Numerator * b.Denominator), BigInteger.Abs(b.Numerator * a.Denominator));
        return BigInteger.Abs(difference.Numerator) * a.Denominator * b.Denominator * 1_000_000_000 <= magnitude * difference.Denominator;
    }

    private static bool ContinuesFrom(string text, ReadOnlySpan<ClaimToken> tokens, ClaimSide left, ClaimSide right)
    {
        var first = right.First;
        if (right.End - first < 3 || tokens[first].Kind != ClaimTokenKind.Number
            || tokens[first + 1].Kind is not (ClaimTokenKind.Plus or ClaimTokenKind.Minus or ClaimTokenKind.Times or ClaimTokenKind.Divide))
        {
            return false;
        }

        return ClaimEvaluator.TryParse(tokens, text, first, first + 1, out var head) && head.Status == ValueStatus.Exact && head.Value == left.Value;
    }

    private static bool TryLeft(string text, ReadOnlySpan<ClaimToken> tokens, int equals, out ClaimSide side)
    {
        side = default;
        var j = equals - 1;
        var depth = 0;
        while (j >= 0 && tokens[j].IsExpression)
        {
            var kind = tokens[j].Kind;
            if (kind is ClaimTokenKind.Close or ClaimTokenKind.CloseBrace)
            {
                depth++;
            }
            else if (kind is ClaimTokenKind.Open or ClaimTokenKind.OpenBrace)
            {
                if (depth == 0)
                {
                    break;
                }

                depth--;
            }

            if (equals - j > MaxSideTokens)
            {
                return false;
            }

            j--;
        }

        var first = j + 1;
        if (first == equals || depth != 0 || !StartsCleanly(text, tokens, first))
        {
            return false;
        }

        return ClaimEvaluator.TryParse(tokens, text, first, equals, out side) && side.End == equals;
    }

    private static bool TryRight(string text, ReadOnlySpan<ClaimToken> tokens, int equals, out ClaimSide side)
    {
        side = default;
        var first = equals + 1;
        if (first >= tokens.Length || tokens[first].Kind is not (ClaimTokenKind.Number or ClaimTokenKind.Minus or ClaimTokenKind.Open
            or ClaimTokenKind.OpenBrace or ClaimTokenKind.Fraction))
        {
            return false;
        }

        var limit = Math.Min(tokens.Length, first + MaxSideTokens);
        // A side that runs to the cap may go on past it: not judged.
        return ClaimEvaluator.TryParse(tokens, text, first, limit, out side) && (side.End < limit || limit == tokens.Length)
            && EndsCleanly(text, tokens, side.End);
    }

    /// <summary>What precedes a left side must not continue it: no operator, name, function or glued symbol.</summary>
    private static bool StartsCleanly(string text, ReadOnlySpan<ClaimToken> tokens, int first)
    {
        var head = tokens[first];
        if (head.Kind is ClaimTokenKind.Plus or ClaimTokenKind.Times or ClaimTokenKind.Divide or ClaimTokenKind.Power)
        {
            return false;
        }

        if (first == 0)
        {
            return true;
        }

        var before = tokens[first - 1];
        switch (before.Kind)
        {
            case ClaimTokenKind.Equals:
                return true;
            case ClaimTokenKind.Open or ClaimTokenKind.OpenBrace:
                // "f(3) = 9" is a function; "(so 3+4=7)" and "\boxed{3+4=7}" are not.
                return first - 2 < 0 || tokens[first - 2] is not { Kind: ClaimTokenKind.Word } word || before.SpaceBefore
                    || (text[word.Start] == '\\' && Word(text, word) is @"\boxed" or @"\fbox");
            case ClaimTokenKind.Word:
                return head.Kind != ClaimTokenKind.Minus && head.SpaceBefore && IsProse(text, before) && !ClaimWords.BeforeLeft.Contains(Word(text, before));
            case ClaimTokenKind.Other:
                return before.Symbol switch
                {
                    ',' or ':' or '.' => !(head.Start == before.End && before.Start > 0 && char.IsAsciiDigit(text[before.Start - 1])),
                    ';' or '?' or '<' or '>' or '"' or '\u201C' or '\u201D' or '|' or '\\' or '*' => true,
                    '!' => head.SpaceBefore,
                    _ => false,
                };
            default:
                return false;
        }
    }

    /// <summary>What follows a right side must not continue it: no glued unit or name, no operation word, no '%' or '!'.</summary>
    private static bool EndsCleanly(string text, ReadOnlySpan<ClaimToken> tokens, int next)
    {
        if (next >= tokens.Length)
        {
            return true;
        }

        var after = tokens[next];
        switch (after.Kind)
        {
            case ClaimTokenKind.Equals or ClaimTokenKind.Close or ClaimTokenKind.CloseBrace:
                return true;
            case ClaimTokenKind.Open:
                return after.SpaceBefore;
            case ClaimTokenKind.Word:
                var word = Word(text, after);
                if (word[0] == '\\')
                {
                    return ClaimWords.TextCommands.Contains(word);
                }

                return after.SpaceBefore && !ClaimWords.AfterRight.Contains(word);
            case ClaimTokenKind.Other:
                var following = after.End < text.Length ? text[after.End] : ' ';
                return after.Symbol switch
                {
                    // "= 3:4" and "= 3,45" go on; so does "= 0.\overline{3}" ("0." then a repeating part).
                    ',' or ':' => after.SpaceBefore || !char.IsAsciiDigit(following),
                    '.' => after.SpaceBefore || char.IsWhiteSpace(following) || following is '$' or '"' or ')' or ']' or '}' or '*' or '\'' or '\u201D',
                    ';' or '?' or '<' or '>' or '"' or '\u201C' or '\u201D' or '|' or '\\' or '*' => true,
                    // An arrow: "->" (lexed as one '-') or '→'.
                    '-' or '\u2192' => after.SpaceBefore,
                    '!' => after.SpaceBefore,
                    _ => false,
                };
            default:
                return false;
        }
    }

    /// <summary>A word of prose, not a variable: several letters, or "a", "A" and "I".</summary>
    private static bool IsProse(string text, ClaimToken word) =>
        text[word.Start] != '\\' && (word.End - word.Start > 1 || text[word.Start] is 'a' or 'A' or 'I');

    private static ReadOnlySpan<char> Word(string text, ClaimToken token) => text.AsSpan(token.Start, token.End - token.Start);

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 59), "…");

    /// <summary>An integer, a finite decimal of up to 30 places (4.2), else a fraction (7/3); at most 60 characters.</summary>
    public static string Show(Rational value)
    {
        if (value.IsInteger)
        {
            return Shorten(value.Numerator.ToString(CultureInfo.InvariantCulture));
        }

        for (var places = 1; places <= 30; places++)
        {
            var scaled = value * Rational.FromInteger(BigInteger.Pow(10, places));
            if (scaled.IsInteger)
            {
                var digits = BigInteger.Abs(scaled.Numerator).ToString(CultureInfo.InvariantCulture).PadLeft(places + 1, '0');
                var sign = value.Sign < 0 ? "-" : string.Empty;
                return Shorten(string.Concat(sign, digits.AsSpan(0, digits.Length - places), ".", digits.AsSpan(digits.Length - places)));
            }
        }

        return Shorten(value.ToString());
    }
}
