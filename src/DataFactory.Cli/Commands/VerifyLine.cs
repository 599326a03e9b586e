using System.Globalization;
using System.Text.Json;
using DataFactory.Core.Problems;

namespace DataFactory.Cli.Commands;

/// <summary>
/// One input line of <c>datafactory verify</c>:
/// <c>{"kind", "candidate", "gold"?, "numbers"?, "target"?, "options"?, "id"?, "prompt"?, "tests"?}</c>.
/// Unknown properties are ignored so that exported records can be fed back as they are.
/// </summary>
internal static class VerifyLine
{
    /// <summary>Reads the problem and candidate from a line, or returns false with a short error.</summary>
    public static bool TryParse(string line, long lineNumber, out Problem problem, out string candidate, out string error)
    {
        problem = null!;
        candidate = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(line);
            return TryRead(document.RootElement, lineNumber, out problem, out candidate, out error);
        }
        catch (JsonException e)
        {
            error = $"invalid JSON: {e.Message}";
            return false;
        }
        catch (InvalidOperationException e)
        {
            // GetString on text that is not valid UTF-16 (an escaped lone surrogate) lands here.
            error = $"invalid JSON string: {e.Message}";
            return false;
        }
    }

    private static bool TryRead(JsonElement root, long lineNumber, out Problem problem, out string candidate, out string error)
    {
        problem = null!;
        candidate = string.Empty;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "expected a JSON object";
            return false;
        }

        if (!root.TryGetProperty("kind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String)
        {
            error = "missing \"kind\" (a string)";
            return false;
        }

        var kindName = kindElement.GetString();
        if (!TaskKinds.TryParse(kindName, out var kind))
        {
            error = $"unknown kind \"{kindName}\" (expected one of: {TaskKinds.Names})";
            return false;
        }

        if (!root.TryGetProperty("candidate", out var candidateElement) || candidateElement.ValueKind != JsonValueKind.String)
        {
            error = "missing \"candidate\" (a string)";
            return false;
        }

        candidate = candidateElement.GetString()!;
        if (!TryText(root, "gold", out var gold, out error)
            || !TryText(root, "id", out var id, out error)
            || !TryText(root, "prompt", out var prompt, out error)
            || !TryText(root, "tests", out var tests, out error)
            || !TryNumbers(root, out var numbers, out error)
            || !TryTarget(root, out var target, out error)
            || !TryOptions(root, out var options, out error))
        {
            return false;
        }

        problem = new Problem
        {
            Id = id ?? lineNumber.ToString(CultureInfo.InvariantCulture),
            Prompt = prompt ?? string.Empty,
            Kind = kind,
            Answer = gold,
            Numbers = numbers,
            Target = target,
            Options = options,
            Tests = tests,
        };
        return true;
    }

    /// <summary>A string, or a number taken as its JSON text (a gold of 72 means "72"); absent or null gives null.</summary>
    private static bool TryText(JsonElement root, string name, out string? value, out string error)
    {
        value = null;
        error = string.Empty;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                value = element.GetString();
                return true;
            case JsonValueKind.Number:
                value = element.GetRawText();
                return true;
            default:
                error = $"\"{name}\" must be a string or a number";
                return false;
        }
    }

    private static bool TryNumbers(JsonElement root, out IReadOnlyList<long>? numbers, out string error)
    {
        numbers = null;
        error = string.Empty;
        if (!root.TryGetProperty("numbers", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            error = "\"numbers\" must be an array of integers";
            return false;
        }

        var list = new List<long>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var n))
            {
                error = $"\"numbers\" must be an array of integers, found {Shorten(item.GetRawText())}";
                return false;
            }

            list.Add(n);
        }

        numbers = list;
        return true;
    }

    private static bool TryTarget(JsonElement root, out long? target, out string error)
    {
        target = null;
        error = string.Empty;
        if (!root.TryGetProperty("target", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value))
        {
            target = value;
            return true;
        }

        error = $"\"target\" must be an integer, found {Shorten(element.GetRawText())}";
        return false;
    }

    private static bool TryOptions(JsonElement root, out IReadOnlyList<string>? options, out string error)
    {
        options = null;
        error = string.Empty;
        if (!root.TryGetProperty("options", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            error = "\"options\" must be an array of strings";
            return false;
        }

        var list = new List<string>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                error = "\"options\" must be an array of strings";
                return false;
            }

            list.Add(item.GetString()!);
        }

        options = list;
        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
