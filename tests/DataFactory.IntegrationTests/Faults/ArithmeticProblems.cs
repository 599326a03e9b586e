using System.Globalization;
using System.Text.Json;

namespace DataFactory.IntegrationTests.Faults;

/// <summary>
/// A problem file of multi-digit arithmetic in the shape of examples/arithmetic.jsonl (the bundled
/// model's held-out family), as many distinct ones as asked, the same for the same seed.
/// </summary>
internal static class ArithmeticProblems
{
    public static async Task WriteAsync(string path, int count, int seed)
    {
        var random = new Random(seed);
        var prompts = new HashSet<string>(StringComparer.Ordinal);
        await using var file = new StreamWriter(path);
        while (prompts.Count < count)
        {
            var op = random.Next(3);
            long a = Operand(random, op == 2 ? 2 : 5), b = Operand(random, op == 2 ? 2 : 4);
            var (symbol, answer) = op switch
            {
                0 => ("+", a + b),
                1 => ("-", a - b),
                _ => ("*", a * b),
            };
            var prompt = string.Create(CultureInfo.InvariantCulture, $"Calculate {a} {symbol} {b}.");

            // The store keeps one problem per content: a repeated prompt would not be imported again.
            if (!prompts.Add(prompt))
            {
                continue;
            }

            var line = JsonSerializer.Serialize(new
            {
                id = string.Create(CultureInfo.InvariantCulture, $"fault-{prompts.Count:D5}"),
                kind = "math",
                prompt,
                answer = answer.ToString(CultureInfo.InvariantCulture),
            });
            await file.WriteLineAsync(line);
        }
    }

    private static long Operand(Random random, int maxDigits)
    {
        var digits = random.Next(1, maxDigits + 1);
        var low = digits == 1 ? 1 : (long)Math.Pow(10, digits - 1);
        return random.NextInt64(low, (long)Math.Pow(10, digits));
    }
}
