using System.Text.Json;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Formats;

/// <summary>
/// The generic schema: <c>{"id", "kind", "prompt", "answer"?, "options"?, "numbers"?, "target"?,
/// "tests"?, "metadata"?}</c>. The answer (a string, or a number kept as written) is required for
/// cipher, and for math, exact and multiple-choice unless the import is for consensus (checked by the session); multiple-choice needs <c>options</c>, game24 and
/// countdown need <c>numbers</c> (countdown also <c>target</c>), code needs <c>tests</c>. Fields a
/// kind does not use, and unknown fields, are ignored.
/// </summary>
internal sealed class GenericLineParser : IProblemLineParser
{
    private const int MinOptions = 2;

    public ParsedLine Parse(JsonElement line, int lineNumber)
    {
        var (id, idField) = ProblemId.ReadRequired(line);
        var kind = ReadKind(line);
        var prompt = LineFields.RequiredString(line, "prompt");
        var answer = LineFields.OptionalAnswer(line, "answer");
        // Math, exact and multiple choice without an answer are left to the session, which accepts them in a
        // consensus import only; a cipher's plaintext is its gold, which no vote replaces.
        if (answer is null && kind is TaskKind.Cipher)
        {
            throw new InvalidFieldException("answer", $"is required for kind {kind.ToName()}");
        }

        var problem = new Problem
        {
            Id = id,
            Prompt = prompt,
            Kind = kind,
            Answer = answer,
            Metadata = LineFields.OptionalObject(line, "metadata"),
        };

        problem = kind switch
        {
            TaskKind.MultipleChoice => problem with { Options = LineFields.Strings(line, "options", MinOptions) },
            TaskKind.Game24 => problem with
            {
                Numbers = LineFields.Integers(
                    line, "numbers", Game24LineParser.Count, Game24LineParser.Count, Game24LineParser.MinNumber, Game24LineParser.MaxNumber),
                Target = LineFields.OptionalInteger(line, "target", Game24LineParser.Target, Game24LineParser.Target) ?? Game24LineParser.Target,
            },
            TaskKind.Countdown => problem with
            {
                Numbers = LineFields.Integers(
                    line, "numbers", CountdownLineParser.MinCount, CountdownLineParser.MaxCount, CountdownLineParser.MinNumber, CountdownLineParser.MaxNumber),
                Target = LineFields.RequiredInteger(line, "target", -CountdownLineParser.MaxTarget, CountdownLineParser.MaxTarget),
            },
            TaskKind.Code => problem with { Tests = LineFields.RequiredString(line, "tests") },
            _ => problem,
        };
        return new ParsedLine(problem, idField);
    }

    private static TaskKind ReadKind(JsonElement line)
    {
        var value = LineFields.Required(line, "kind");
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new InvalidFieldException("kind", $"must be a string, not {LineFields.Describe(value)}");
        }

        var name = value.GetString()!;
        return TaskKinds.TryParse(name, out var kind)
            ? kind
            : throw new InvalidFieldException("kind", $"unknown kind {LineFields.Quote(name)}; expected one of {TaskKinds.Names}");
    }
}
