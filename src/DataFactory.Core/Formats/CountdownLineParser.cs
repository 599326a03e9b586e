using System.Text.Json;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Formats;

/// <summary>
/// Countdown: <c>{"id"?, "numbers": [2 to 8 integers from 1 to 1,000,000], "target": integer,
/// "prompt"?, "metadata"?}</c>, the target at most 10^9 in magnitude. A <c>prompt</c> field replaces
/// the generated prompt.
/// </summary>
internal sealed class CountdownLineParser : IProblemLineParser
{
    public const int MinCount = 2;
    public const int MaxCount = 8;
    public const long MinNumber = 1;
    public const long MaxNumber = 1_000_000;
    public const long MaxTarget = 1_000_000_000;

    public ParsedLine Parse(JsonElement line, int lineNumber)
    {
        var (id, idField) = ProblemId.Read(line, ProblemFormat.Countdown, lineNumber, "id");
        var numbers = LineFields.Integers(line, "numbers", MinCount, MaxCount, MinNumber, MaxNumber);
        var target = LineFields.RequiredInteger(line, "target", -MaxTarget, MaxTarget);
        var problem = new Problem
        {
            Id = id,
            Prompt = LineFields.OptionalString(line, "prompt") ?? PuzzlePrompts.Arithmetic(numbers, target),
            Kind = TaskKind.Countdown,
            Numbers = numbers,
            Target = target,
            Metadata = LineFields.OptionalObject(line, "metadata"),
        };
        return new ParsedLine(problem, idField);
    }
}
