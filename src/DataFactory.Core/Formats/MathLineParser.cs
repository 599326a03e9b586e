using System.Text.Json;
using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Formats;

/// <summary>
/// MATH: <c>{"problem", "solution", "level"?, "type"?, "subject"?, "answer"?, "unique_id"?}</c>. The
/// gold answer is the <c>answer</c> field when present (MATH-500), else the last <c>\boxed{}</c> of the
/// solution. The id is <c>id</c>, else MATH-500's <c>unique_id</c>, else derived from the line number.
/// </summary>
internal sealed class MathLineParser : IProblemLineParser
{
    public ParsedLine Parse(JsonElement line, int lineNumber)
    {
        var (id, idField) = ProblemId.Read(line, ProblemFormat.Math, lineNumber, "id", "unique_id");
        var statement = LineFields.RequiredString(line, "problem");
        var solution = LineFields.OptionalString(line, "solution");
        var answer = LineFields.OptionalAnswer(line, "answer");

        if (answer is null)
        {
            if (solution is null)
            {
                throw new InvalidFieldException("solution", "is required when there is no answer field");
            }

            if (!Boxed.TryFindLast(solution, out var boxed) || boxed.Length == 0)
            {
                throw new InvalidFieldException("solution", @"has no \boxed{} answer");
            }

            answer = boxed;
        }

        using var metadata = new MetadataBuilder();
        foreach (var field in (ReadOnlySpan<string>)["level", "type", "subject", "solution"])
        {
            metadata.CopyFrom(line, field);
        }

        var problem = new Problem
        {
            Id = id,
            Prompt = statement,
            Kind = TaskKind.Math,
            Answer = answer,
            Metadata = metadata.Build(),
        };
        return new ParsedLine(problem, idField);
    }
}
