using System.Globalization;
using System.Numerics;
using System.Text;
using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Repeating-decimal notation: <c>0.\overline{3}</c>, <c>0.\bar{3}</c>, <c>0.(3)</c>, <c>0.\dot{3}</c> and
/// <c>0.1\dot{2}3\dot{4}</c> (the dots mark the first and last repeating digit) denote the rational
/// they stand for (1/3, and 0.1234234… = 1233/9990). The lexer writes such a number as its digits with
/// <see cref="Marker"/> before the repeating part ("0.1r6" for 0.1666…).
/// </summary>
internal static class RepeatingDecimal
{
    /// <summary>Separates the repeating digits in a number token's text.</summary>
    public const char Marker = 'r';

    private const int MaxRepeatingDigits = 64;

    /// <summary>
    /// Reads a repeating part at <paramref name="i"/>, right after a number's digits (and its point, if
    /// any: "0." before "(3)" or "\overline{3}"), appends it to <paramref name="digits"/> and returns the
    /// position after it; returns <paramref name="i"/> unchanged when there is none.
    /// </summary>
    public static int TryRead(string s, int i, int end, StringBuilder digits)
    {
        var hasPoint = false;
        for (var k = 0; k < digits.Length; k++)
        {
            hasPoint |= digits[k] == '.';
        }

        var j = i;
        if (!hasPoint)
        {
            if (j >= end || s[j] != '.')
            {
                return i;
            }

            j++;
        }

        string? repeating = null;
        int next;
        if (j < end && s[j] == '(')
        {
            var close = j + 1;
            while (close < end && char.IsAsciiDigit(s[close]) && close - j <= MaxRepeatingDigits)
            {
                close++;
            }

            if (close < end && s[close] == ')' && close > j + 1)
            {
                repeating = s[(j + 1)..close];
                next = close + 1;
            }
            else
            {
                return i;
            }
        }
        else if (TryCommand(s, j, end, out var name, out var argument, out next) && name is "overline" or "bar")
        {
            repeating = argument;
        }
        else if (TryCommand(s, j, end, out name, out var first, out next) && name == "dot" && first.Length == 1)
        {
            var middleStart = next;
            while (next < end && char.IsAsciiDigit(s[next]) && next - middleStart < MaxRepeatingDigits)
            {
                next++;
            }

            var middle = s[middleStart..next];
            if (TryCommand(s, next, end, out name, out var last, out var after) && name == "dot" && last.Length == 1)
            {
                repeating = first + middle + last;
                next = after;
            }
            else if (middle.Length == 0)
            {
                repeating = first;
            }
            else
            {
                return i;
            }
        }
        else
        {
            return i;
        }

        if (repeating is null || repeating.Length == 0 || !repeating.All(char.IsAsciiDigit))
        {
            return i;
        }

        if (!hasPoint)
        {
            digits.Append('.');
        }

        digits.Append(Marker).Append(repeating);
        return next;
    }

    /// <summary>The value of "W.NrR": (WNR − WN) / (10^|N| · (10^|R| − 1)).</summary>
    public static bool TryParse(string text, out Rational value)
    {
        value = Rational.Zero;
        var marker = text.IndexOf(Marker);
        var dot = text.IndexOf('.');
        if (dot < 0 || marker < dot || text.Length > 4_096)
        {
            return false;
        }

        var whole = text[..dot];
        var fixedPart = text[(dot + 1)..marker];
        var repeating = text[(marker + 1)..];
        if (repeating.Length == 0 || !(whole + fixedPart + repeating).All(char.IsAsciiDigit))
        {
            return false;
        }

        var all = BigInteger.Parse("0" + whole + fixedPart + repeating, NumberStyles.None, CultureInfo.InvariantCulture);
        var head = BigInteger.Parse("0" + whole + fixedPart, NumberStyles.None, CultureInfo.InvariantCulture);
        var denominator = BigInteger.Pow(10, fixedPart.Length) * (BigInteger.Pow(10, repeating.Length) - 1);
        value = new Rational(all - head, denominator);
        return true;
    }

    /// <summary>"\name{digits}" or "\name d" at <paramref name="i"/>.</summary>
    private static bool TryCommand(string s, int i, int end, out string name, out string argument, out int next)
    {
        name = argument = string.Empty;
        next = i;
        if (i >= end || s[i] != '\\')
        {
            return false;
        }

        var j = i + 1;
        while (j < end && char.IsAsciiLetter(s[j]) && j - i < 12)
        {
            j++;
        }

        name = s[(i + 1)..j];
        if (j < end && s[j] == '{')
        {
            var close = s.IndexOf('}', j + 1, Math.Min(end - j - 1, MaxRepeatingDigits + 1));
            if (close < 0)
            {
                return false;
            }

            argument = s[(j + 1)..close].Trim();
            next = close + 1;
            return true;
        }

        if (j < end && s[j] == ' ' && j + 1 < end && char.IsAsciiDigit(s[j + 1]))
        {
            argument = s[(j + 1)..(j + 2)];
            next = j + 2;
            return true;
        }

        return false;
    }
}
