using System.Text.Json;

namespace DataFactory.Core.Formats;

/// <summary>Reads one problem from one JSON object line of a given format.</summary>
internal interface IProblemLineParser
{
    /// <summary>Throws <see cref="InvalidFieldException"/> naming the field when the line is invalid.</summary>
    ParsedLine Parse(JsonElement line, int lineNumber);
}
