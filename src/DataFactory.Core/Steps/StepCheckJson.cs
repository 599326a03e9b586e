using System.Buffers;
using System.Text;
using System.Text.Json;
namespace DataFactory.Core.Steps;

/// <summary>
/// A trace's step check as stored and exported (the raw export's <c>step_check</c>):
/// <c>{"version", "steps_checked", "steps_skipped", "first_false_step": null | {"index", "text", "reason"}}</c>,
/// the same names as <c>datafactory verify</c>'s output.
/// </summary>
public static class StepCheckJson
{
    /// <summary>The JSON object, or null when no step checker ran (no version).</summary>
    public static string? Write(StepCheck? check)
    {
        if (check is null || string.IsNullOrEmpty(check.Version))
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", check.Version);
            json.WriteNumber("steps_skipped", check.Skipped);
            WriteFields(json, check);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes <c>"steps_checked": n, "first_false_step": null | {"index", "text", "reason"}</c> into the open object.</summary>
    public static void WriteFields(Utf8JsonWriter json, StepCheck check)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(check);
        json.WriteNumber("steps_checked", check.Checked);
        if (check.FirstFalse is { } step)
        {
            json.WriteStartObject("first_false_step");
            json.WriteNumber("index", step.Index);
            json.WriteString("text", step.Text);
            json.WriteString("reason", step.Reason);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("first_false_step");
        }
    }
}
