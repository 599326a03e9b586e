namespace DataFactory.Cli.Commands;

/// <summary>The benchmark's problems: short grade-school questions, distinct so every problem has its own prompt.</summary>
internal static class BenchPrompts
{
    public static IReadOnlyList<string> All { get; } =
    [
        .. Enumerable.Range(0, 32).Select(i => (i % 4) switch
        {
            0 => $"What is {12 + i} + {7 * i + 3}? Put the final answer in \\boxed{{}}.",
            1 => $"A box holds {i + 2} rows of {i + 5} apples. How many apples are in the box? Put the final answer in \\boxed{{}}.",
            2 => $"Tom has {3 * i + 20} marbles and gives away {i + 4}. How many are left? Put the final answer in \\boxed{{}}.",
            _ => $"What is {i + 6} times {i + 9} minus {i}? Put the final answer in \\boxed{{}}.",
        }),
    ];
}
