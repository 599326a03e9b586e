using System.Globalization;
using System.Text.Json;

namespace DataFactory.Core.Formats;

/// <summary>
/// Problem ids: the line's <c>id</c> (a string, or a number as written), else a format's fallback
/// field (MATH-500's <c>unique_id</c>), else <c>{format}-{line:D5}</c> from the line number.
/// </summary>
internal static class ProblemId
{
    public const int MaxLength = 200;

    /// <summary>Reads the id from the first of <paramref name="fields"/> present, or derives it when none is.</summary>
    public static (string Id, string? Field) Read(JsonElement line, ProblemFormat format, int lineNumber, params ReadOnlySpan<string> fields)
    {
        foreach (var field in fields)
        {
            if (LineFields.TryGet(line, field, out var value))
            {
                return (Validate(value, field), field);
            }
        }

        return (Derive(format, lineNumber), null);
    }

    /// <summary>Reads the <c>id</c> field, which must be present.</summary>
    public static (string Id, string Field) ReadRequired(JsonElement line)
    {
        const string field = "id";
        var value = LineFields.Required(line, field);
        return (Validate(value, field), field);
    }

    public static string Derive(ProblemFormat format, int lineNumber) =>
        string.Create(CultureInfo.InvariantCulture, $"{format.ToName()}-{lineNumber:D5}");

    private static string Validate(JsonElement value, string field)
    {
        var id = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new InvalidFieldException(field, $"must be a string or a number, not {LineFields.Describe(value)}"),
        };

        if (string.IsNullOrWhiteSpace(id))
        {
            throw new InvalidFieldException(field, "must not be empty");
        }

        if (id.Length > MaxLength)
        {
            throw new InvalidFieldException(field, $"is {id.Length} characters long; the limit is {MaxLength}");
        }

        if (id.Any(char.IsControl))
        {
            throw new InvalidFieldException(field, "must not contain control characters");
        }

        return id;
    }
}
