using System.Text.Json;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Formats;

/// <summary>
/// The 24 game: <c>{"id"?, "numbers": [4 integers from 1 to 1000], "target"?: 24, "prompt"?, "metadata"?}</c>.
/// A <c>prompt</c> field replaces the generated prompt.
/// </summary>
internal sealed class Game24LineParser : IProblemLineParser
{
    public const int Target = 24;
    public const int Count = 4;
    public const long MinNumber = 1;
    public const long MaxNumber = 1000;

    public ParsedLine Parse(JsonElement line, int lineNumber)
    {
        var (id, idField) = ProblemId.Read(line, ProblemFormat.Game24, lineNumber, "id");
        var numbers = LineFields.Integers(line, "numbers", Count, Count, MinNumber, MaxNumber);
        LineFields.OptionalInteger(line, "target", Target, Target);
        var problem = new Problem
        {
            Id = id,
            Prompt = LineFields.OptionalString(line, "prompt") ?? PuzzlePrompts.Arithmetic(numbers, Target),
            Kind = TaskKind.Game24,
            Numbers = numbers,
            Target = Target,
            Metadata = LineFields.OptionalObject(line, "metadata"),
        };
        return new ParsedLine(problem, idField);
    }
}
