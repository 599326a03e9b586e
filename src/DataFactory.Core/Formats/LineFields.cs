using System.Globalization;
using System.Text.Json;

namespace DataFactory.Core.Formats;

/// <summary>
/// Typed access to the fields of one line, throwing <see cref="InvalidFieldException"/> with the
/// field's JSON path. A field whose value is JSON null counts as absent.
/// </summary>
internal static class LineFields
{
    private const int QuotedLength = 40;

    public static bool TryGet(JsonElement line, string field, out JsonElement value) =>
        line.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null;

    public static bool Has(JsonElement line, string field) => TryGet(line, field, out _);

    public static JsonElement Required(JsonElement line, string field) =>
        TryGet(line, field, out var value) ? value : throw new InvalidFieldException(field, "is required");

    /// <summary>A required string that is not blank; the text is kept as written.</summary>
    public static string RequiredString(JsonElement line, string field) => Text(Required(line, field), field);

    /// <summary>An optional string that, when present, is not blank.</summary>
    public static string? OptionalString(JsonElement line, string field) =>
        TryGet(line, field, out var value) ? Text(value, field) : null;

    /// <summary>An answer: a non-blank string, or a number kept as its JSON text.</summary>
    public static string? OptionalAnswer(JsonElement line, string field)
    {
        if (!TryGet(line, field, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number ? value.GetRawText() : Text(value, field, "a string or a number");
    }

    /// <summary>An array of integers, each within [min, max], with a count within [minCount, maxCount].</summary>
    public static IReadOnlyList<long> Integers(JsonElement line, string field, int minCount, int maxCount, long min, long max)
    {
        var array = Required(line, field);
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidFieldException(field, $"must be an array of integers, not {Describe(array)}");
        }

        var count = array.GetArrayLength();
        if (count < minCount || count > maxCount)
        {
            var expected = minCount == maxCount
                ? minCount.ToString(CultureInfo.InvariantCulture)
                : $"{minCount} to {maxCount}";
            throw new InvalidFieldException(field, $"must hold {expected} integers, not {count}");
        }

        var numbers = new long[count];
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            numbers[index] = Integer(item, $"{field}[{index}]", min, max);
            index++;
        }

        return numbers;
    }

    public static long RequiredInteger(JsonElement line, string field, long min, long max) =>
        Integer(Required(line, field), field, min, max);

    public static long? OptionalInteger(JsonElement line, string field, long min, long max) =>
        TryGet(line, field, out var value) ? Integer(value, field, min, max) : null;

    /// <summary>An array of at least <paramref name="minCount"/> non-blank strings.</summary>
    public static IReadOnlyList<string> Strings(JsonElement line, string field, int minCount)
    {
        var array = Required(line, field);
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidFieldException(field, $"must be an array of strings, not {Describe(array)}");
        }

        var count = array.GetArrayLength();
        if (count < minCount)
        {
            throw new InvalidFieldException(field, $"must hold at least {minCount} strings, not {count}");
        }

        var strings = new string[count];
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            strings[index] = Text(item, $"{field}[{index}]");
            index++;
        }

        return strings;
    }

    /// <summary>An optional JSON object, returned as its JSON text.</summary>
    public static string? OptionalObject(JsonElement line, string field)
    {
        if (!TryGet(line, field, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? value.GetRawText()
            : throw new InvalidFieldException(field, $"must be a JSON object, not {Describe(value)}");
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Quotes a value from the file for a message, cut short so that messages stay small.</summary>
    public static string Quote(string value) =>
        value.Length <= QuotedLength ? $"\"{value}\"" : $"\"{value[..QuotedLength]}...\"";

    private static string Text(JsonElement value, string field, string expected = "a string")
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new InvalidFieldException(field, $"must be {expected}, not {Describe(value)}");
        }

        var text = value.GetString()!;
        return string.IsNullOrWhiteSpace(text) ? throw new InvalidFieldException(field, "must not be empty") : text;
    }

    private static long Integer(JsonElement value, string field, long min, long max)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new InvalidFieldException(field, $"must be an integer, not {Describe(value)}");
        }

        if (value.TryGetInt64(out var number) && number >= min && number <= max)
        {
            return number;
        }

        var written = value.GetRawText();
        if (written.Length > QuotedLength)
        {
            written = written[..QuotedLength] + "...";
        }

        throw new InvalidFieldException(
            field,
            string.Create(CultureInfo.InvariantCulture, $"must be an integer from {min} to {max}, not {written}"));
    }
}
