using System.Globalization;
using System.Numerics;
using System.Text;

namespace DataFactory.Core.Steps.Columns;

/// <summary>
/// The written method of the bundled model for "Calculate A op B": column addition, column subtraction with
/// borrows (negated when A &lt; B), and long multiplication (one partial product per digit of B, then column
/// additions of the partials). <see cref="Steps"/> is every line the method writes, in order, as the model
/// writes it (<c>4+7+0=11: 1153</c>), and <see cref="Result"/> the answer it ends with.
/// </summary>
internal sealed class ColumnMethod
{
    /// <summary>The longest operand the checker redoes, in digits (the method's lines grow with the product of the lengths).</summary>
    public const int MaxDigits = 18;

    internal const string AddLine = "Add the columns from the right.";
    internal const string SubtractLine = "Subtract the columns from the right.";
    internal const string MultiplyLine = "Multiply by each digit, then add the partial products.";

    private ColumnMethod(string expression, List<string> steps, BigInteger result)
    {
        Expression = expression;
        Steps = steps;
        Result = result;
    }

    /// <summary>The problem's expression as written in reasons ("453 + 700").</summary>
    public string Expression { get; }

    /// <summary>The method's lines, in order, without the final answer.</summary>
    public IReadOnlyList<string> Steps { get; }

    /// <summary>The value the method ends with.</summary>
    public BigInteger Result { get; }

    /// <summary>
    /// The method for a prompt that ends with "A op B" (op one of + - * ×; A and B whole numbers of at most
    /// <see cref="MaxDigits"/> digits), optionally followed by "." or "?": "Calculate 44 * 8.". Null for any
    /// other prompt.
    /// </summary>
    public static ColumnMethod? ForPrompt(string prompt)
    {
        var text = prompt.AsSpan().TrimEnd();
        if (!text.IsEmpty && text[^1] is '.' or '?')
        {
            text = text[..^1].TrimEnd();
        }

        if (!TakeNumberFromEnd(ref text, out var b))
        {
            return null;
        }

        text = text.TrimEnd();
        if (text.IsEmpty || text[^1] is not ('+' or '-' or '*' or '×'))
        {
            return null;
        }

        var op = text[^1] == '×' ? '*' : text[^1];
        text = text[..^1].TrimEnd();
        if (!TakeNumberFromEnd(ref text, out var a) || (!text.IsEmpty && !char.IsWhiteSpace(text[^1])))
        {
            return null;
        }

        return For(a, op, b);
    }

    /// <summary>The method for <paramref name="a"/> <paramref name="op"/> <paramref name="b"/> (op '+', '-' or '*').</summary>
    public static ColumnMethod For(string a, char op, string b)
    {
        var steps = new List<string>();
        var left = BigInteger.Parse(a, CultureInfo.InvariantCulture);
        var right = BigInteger.Parse(b, CultureInfo.InvariantCulture);
        switch (op)
        {
            case '+':
                steps.Add(AddLine);
                Add(a, b, steps);
                return new ColumnMethod($"{a} + {b}", steps, left + right);
            case '-' when left >= right:
                steps.Add(SubtractLine);
                Subtract(a, b, steps);
                return new ColumnMethod($"{a} - {b}", steps, left - right);
            case '-':
                steps.Add($"{a} is less than {b}, so compute {b} - {a} and negate.");
                Subtract(b, a, steps);
                return new ColumnMethod($"{a} - {b}", steps, left - right);
            default:
                steps.Add(MultiplyLine);
                var partials = new List<string>();
                for (var shift = 0; shift < b.Length; shift++)
                {
                    var digit = b[b.Length - 1 - shift] - '0';
                    steps.Add($"{a}*{(digit * BigInteger.Pow(10, shift)).ToString(CultureInfo.InvariantCulture)}:");
                    partials.Add(MultiplyByDigit(a, digit, shift, steps));
                }

                var total = partials[0];
                foreach (var partial in partials.Skip(1))
                {
                    steps.Add($"{total}+{partial}:");
                    Add(total, partial, steps);
                    total = (BigInteger.Parse(total, CultureInfo.InvariantCulture) + BigInteger.Parse(partial, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
                }

                return new ColumnMethod($"{a} * {b}", steps, left * right);
        }
    }

    private static void Add(string a, string b, List<string> steps)
    {
        var carry = 0;
        var written = new StringBuilder();
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = Digit(a, i);
            var y = Digit(b, i);
            var sum = x + y + carry;
            written.Insert(0, (char)('0' + (sum % 10)));
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"{x}+{y}+{carry}={sum}: {written}"));
            carry = sum / 10;
        }

        if (carry > 0)
        {
            written.Insert(0, (char)('0' + carry));
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"carry {carry}: {written}"));
        }
    }

    private static void Subtract(string a, string b, List<string> steps)
    {
        var borrow = 0;
        var written = new StringBuilder();
        for (var i = 0; i < a.Length; i++)
        {
            var x = Digit(a, i);
            var y = Digit(b, i);
            var difference = x - borrow - y;
            var needs = difference < 0;
            var d = needs ? difference + 10 : difference;
            written.Insert(0, (char)('0' + d));
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"{(needs ? "1" : string.Empty)}{x}-{borrow}-{y}={d}: {written}"));
            borrow = needs ? 1 : 0;
        }
    }

    private static string MultiplyByDigit(string a, int digit, int shift, List<string> steps)
    {
        var carry = 0;
        var written = new StringBuilder(new string('0', shift));
        for (var i = 0; i < a.Length; i++)
        {
            var x = Digit(a, i);
            var product = (x * digit) + carry;
            written.Insert(0, (char)('0' + (product % 10)));
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"{x}*{digit}+{carry}={product}: {written}"));
            carry = product / 10;
        }

        if (carry > 0)
        {
            written.Insert(0, (char)('0' + carry));
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"carry {carry}: {written}"));
        }

        return BigInteger.Parse(written.ToString(), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The digit of <paramref name="number"/> <paramref name="fromRight"/> places from the right (0 past its length).</summary>
    private static int Digit(string number, int fromRight) => fromRight < number.Length ? number[number.Length - 1 - fromRight] - '0' : 0;

    private static bool TakeNumberFromEnd(ref ReadOnlySpan<char> text, out string number)
    {
        var length = 0;
        while (length < text.Length && char.IsAsciiDigit(text[text.Length - 1 - length]))
        {
            length++;
        }

        number = length is > 0 and <= MaxDigits ? text[^length..].ToString() : string.Empty;
        text = text[..^length];
        return number.Length > 0;
    }
}
