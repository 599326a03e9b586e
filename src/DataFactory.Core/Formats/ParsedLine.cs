using DataFactory.Core.Problems;

namespace DataFactory.Core.Formats;

/// <summary>A problem read from one line and the field its id came from (null for an id derived from the line number).</summary>
internal readonly record struct ParsedLine(Problem Problem, string? IdField);
